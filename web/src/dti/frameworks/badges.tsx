import { Badge } from '@mantine/core';
import { useLanguage } from '../../shell/use-language.ts';
import { text } from './messages.ts';

/** Badges say their meaning in words, in the data area's outline style (readable contrast). */
const wrapping = {
  root: { height: 'auto', maxWidth: '100%', paddingBlock: 2 },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;

/** "Trọng số tạm đặt / Placeholder weights": wherever a framework's weights are not the council's yet. */
export function PlaceholderBadge() {
  const { pick } = useLanguage();
  return (
    <Badge styles={wrapping} color="pink" variant="outline" tt="none" data-label="placeholder">
      {pick(text.placeholder)}
    </Badge>
  );
}

/** The reference data seeded from the published decisions (not edited by the council yet). */
export function ReferenceBadge() {
  const { pick } = useLanguage();
  return (
    <Badge styles={wrapping} color="indigo" variant="outline" tt="none" data-label="reference">
      {pick(text.reference)}
    </Badge>
  );
}
