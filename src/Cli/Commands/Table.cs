// A plain-text table: a header and rows in fixed-width columns (right-aligned numbers, left-aligned text, a free last column).
using System.Globalization;

namespace EventStore.Functional.Cli.Commands;

/// <summary>
/// Columns of fixed width: a positive width right-aligns, a negative one left-aligns, 0 (the last column) is not padded.
/// A value longer than its column pushes the rest of its row right rather than being cut.
/// </summary>
internal sealed class Table(TextWriter output, params (string Title, int Width)[] columns)
{
    /// <summary>Writes the column titles.</summary>
    public void Header() => output.WriteLine(Line(columns.Select(c => (object)c.Title).ToArray()));

    /// <summary>Writes one row; <paramref name="values"/> are in column order.</summary>
    public void Row(params object?[] values) => output.WriteLine(Line(values));

    private string Line(object?[] values) =>
        string.Join("  ", columns.Select((c, i) =>
        {
            var text = Convert.ToString(values[i], CultureInfo.InvariantCulture) ?? "";
            return c.Width switch
            {
                > 0 => text.PadLeft(c.Width),
                < 0 => text.PadRight(-c.Width),
                _ => text,
            };
        })).TrimEnd();
}
