import { Badge } from '@mantine/core';
import { useLanguage } from '../shell/use-language.ts';
import type { LiveStatus } from './live.ts';
import { text } from './messages.ts';

export function LiveBadge({ status }: { status: LiveStatus }) {
  const { pick } = useLanguage();
  const label = status === 'live' ? text.live : status === 'connecting' ? text.connecting : text.offline;
  return (
    <Badge
      color={status === 'live' ? 'green' : status === 'connecting' ? 'gray' : 'red'}
      variant="dot"
      role="status"
      data-live={status}
    >
      {pick(label)}
    </Badge>
  );
}
