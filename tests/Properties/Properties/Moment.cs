// A generated instant on a coarse grid (so time filters select something), with optional sub-microsecond ticks and offsets.
namespace EventStore.Functional.Tests.Properties;

/// <summary>
/// <see cref="Origin"/> + <paramref name="Minute"/> minutes + <paramref name="Ticks"/>, seen at an offset of
/// <paramref name="OffsetMinutes"/> (the same instant whatever the offset).
/// </summary>
public readonly record struct Moment(int Minute, long Ticks, int OffsetMinutes)
{
    /// <summary>The start of the grid.</summary>
    public static DateTimeOffset Origin { get; } = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Value => Origin.AddMinutes(Minute).AddTicks(Ticks).ToOffset(TimeSpan.FromMinutes(OffsetMinutes));

    public override string ToString() => $"m{Minute}{(Ticks == 0 ? "" : $"+{Ticks}t")}{(OffsetMinutes == 0 ? "" : $"@{OffsetMinutes}")}";
}
