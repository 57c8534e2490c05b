import { Badge, type MantineColor, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BilingualText } from '../../lib/api.ts';
import { useLanguage } from '../../shell/use-language.ts';
import type { Confidence, SubmissionState, TargetStatus, TaskStatus } from '../types.ts';

/**
 * Badges that carry meaning in words as well as colour. Colours are the palettes whose darkest
 * shade reaches 4.5:1 on their light background (see shell/theme.ts).
 */
const statusColors: Record<TargetStatus, MantineColor> = {
  achieved: 'teal',
  on_track: 'blue',
  at_risk: 'grape',
  off_track: 'red',
  no_data: 'gray',
};

const confidenceColors: Record<Confidence, MantineColor> = {
  official: 'teal',
  seed: 'blue',
  hanoi: 'indigo',
  national_proxy: 'grape',
  unknown: 'gray',
};

const taskColors: Record<TaskStatus, MantineColor> = {
  not_started: 'gray',
  in_progress: 'blue',
  done: 'teal',
  overdue: 'red',
  cancelled: 'dark',
};

/** Badges here carry sentences ("Tạm lấy từ chỉ tiêu quốc gia"): they wrap instead of being cut. */
const wrapping = {
  root: { height: 'auto', maxWidth: '100%', paddingBlock: 2 },
  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', lineHeight: 1.3 },
} as const;

const submissionColors: Record<SubmissionState, MantineColor> = {
  draft: 'gray',
  submitted: 'blue',
  approved: 'teal',
  returned: 'red',
};

export function StatusBadge({ status, overridden }: { status: TargetStatus; overridden?: boolean }) {
  const { t } = useTranslation('plan');
  return (
    <Badge styles={wrapping} color={statusColors[status]} variant="light" tt="none" data-status={status}>
      {t(`status.${status}`)}
      {overridden ? ` · ${t('status.overridden')}` : ''}
    </Badge>
  );
}

/** The confidence of a target's value: shown wherever a target appears. */
export function ConfidenceBadge({ confidence, label }: { confidence: Confidence; label: BilingualText }) {
  const { t } = useTranslation('plan');
  const { pick } = useLanguage();
  return (
    <Badge
      styles={wrapping}
      color={confidenceColors[confidence]}
      variant="outline"
      tt="none"
      data-confidence={confidence}
    >
      <VisuallyHidden>{t('confidence')}: </VisuallyHidden>
      {pick(label)}
    </Badge>
  );
}

/** "Ví dụ minh họa / Example": demo tasks, cycles and values the seed made up. */
export function ExampleBadge() {
  const { t } = useTranslation('plan');
  return (
    <Badge styles={wrapping} color="dark" variant="outline" tt="none" data-label="example">
      {t('example')}
    </Badge>
  );
}

/** "Dữ liệu mô phỏng / Demo data": values computed from synthetic or demo inputs. */
export function DemoBadge() {
  const { t } = useTranslation('plan');
  return (
    <Badge styles={wrapping} color="pink" variant="outline" tt="none" data-label="demo">
      {t('demoData')}
    </Badge>
  );
}

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation('plan');
  return (
    <Badge styles={wrapping} color={taskColors[status]} variant="light" tt="none">
      {t(`taskStatus.${status}`)}
    </Badge>
  );
}

export function SubmissionBadge({ state, late }: { state: SubmissionState; late?: boolean }) {
  const { t } = useTranslation('plan');
  return (
    <>
      <Badge styles={wrapping} color={submissionColors[state]} variant="light" tt="none" data-state={state}>
        {t(`submission.${state}`)}
      </Badge>
      {late ? (
        <Badge styles={wrapping} color="red" variant="outline" tt="none" ml={4}>
          {t('submission.late')}
        </Badge>
      ) : null}
    </>
  );
}
