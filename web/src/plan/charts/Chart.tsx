import { Box } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../shell/Loading.tsx';
import { ProblemAlert } from '../../shell/ProblemAlert.tsx';
import type { ChartOption } from './types.ts';

type EChartsInstance = ReturnType<typeof import('./echarts.ts').init>;

/**
 * One ECharts chart. The picture is for sighted readers: it is labelled as an image with a
 * summary (`label`), and every page that draws one also gives the same numbers as a table.
 */
export function Chart({
  option,
  label,
  height = 320,
}: {
  option: ChartOption;
  label: string;
  height?: number;
}) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsInstance | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    import('./echarts.ts')
      .then(({ init }) => {
        if (disposed || !container.current) return;
        chart.current = init(container.current, null, { renderer: 'svg' });
        observer = new ResizeObserver(() => chart.current?.resize());
        observer.observe(container.current);
        setState('ready');
      })
      .catch((error: unknown) => {
        setFailure(error);
        setState('failed');
      });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (state === 'ready') chart.current?.setOption(option, { notMerge: true });
  }, [option, state]);

  return (
    <Box pos="relative">
      {state === 'loading' ? <Loading label={t('loading')} /> : null}
      {state === 'failed' ? <ProblemAlert error={failure} /> : null}
      <div ref={container} role="img" aria-label={label} style={{ width: '100%', height }} />
    </Box>
  );
}
