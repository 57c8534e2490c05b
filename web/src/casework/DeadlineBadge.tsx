import { Badge } from '@mantine/core';
import { useLanguage } from '../shell/use-language.ts';
import type { Deadline } from './api.ts';
import { fill, text } from './messages.ts';

/** The deadline as words (never colour alone), from the server's `deadline` of the dossier. */
export function deadlineText(deadline: Deadline, pick: <T>(pair: { vi: T; en: T }) => T): string {
  const n = deadline.daysLeft ?? 0;
  switch (deadline.colour) {
    case 'overdue':
      return fill(pick(text.overdue), { n: Math.abs(n) });
    case 'due-soon':
      return n === 0 ? pick(text.dueToday) : fill(pick(text.dueSoon), { n });
    case 'on-track':
      return fill(pick(text.onTrack), { n });
    case 'paused':
      return pick(text.paused);
    case 'no-clock':
      return pick(text.noClock);
    default:
      return pick(text.done);
  }
}

/** Background hue and (dark, for contrast) text colour per deadline state. */
const colours: Record<Deadline['colour'], [string, string]> = {
  overdue: ['red', 'red.9'],
  'due-soon': ['yellow', 'orange.9'],
  'on-track': ['green', 'green.9'],
  paused: ['gray', 'gray.9'],
  'no-clock': ['gray', 'gray.9'],
  done: ['gray', 'gray.9'],
};

export function DeadlineBadge({ deadline }: { deadline: Deadline }) {
  const { pick } = useLanguage();
  return (
    <Badge
      variant="light"
      color={colours[deadline.colour][0]}
      c={colours[deadline.colour][1]}
      tt="none"
      data-deadline={deadline.colour}
    >
      {deadlineText(deadline, pick)}
    </Badge>
  );
}
