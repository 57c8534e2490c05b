/** Five classes from low to high; for indicators where higher is better the colours run the other way. */
const RAMP = ['#fff5eb', '#fdd0a2', '#fd8d3c', '#d94801', '#7f2704'];

export type Scale = {
  colourOf(value: number | undefined): string;
  classes: { from: number; to: number; colour: string }[];
};

/** Equal-interval classes over the values shown (an empty map gets one grey class). */
export function scaleOf(values: number[], higherIs: 'worse' | 'better'): Scale {
  const ramp = higherIs === 'worse' ? RAMP : [...RAMP].reverse();
  if (values.length === 0) return { colourOf: () => '#e9ecef', classes: [] };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = (max - min) / RAMP.length || 1;
  const indexOf = (value: number) =>
    Math.min(RAMP.length - 1, Math.max(0, Math.floor((value - min) / width)));
  return {
    colourOf: (value) => (value === undefined ? '#e9ecef' : ramp[indexOf(value)]!),
    classes: ramp.map((colour, index) => ({
      from: min + index * width,
      to: min + (index + 1) * width,
      colour,
    })),
  };
}
