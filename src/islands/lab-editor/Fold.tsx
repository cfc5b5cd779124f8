import { useState, type ReactNode } from 'react';

/**
 * A closed `<details>` whose content is built only once the learner first opens it. The verdicts of a run are
 * painted on the run's critical path, and most of what a run reports (the passed checks with their evidence, the
 * simulated requests) sits folded: building all of it for every run cost a large lab a frame's worth of main-thread
 * work after its last check. Once opened, the content stays, and follows later runs.
 */
export default function Fold({
  className,
  summary,
  children,
}: {
  className: string;
  summary: ReactNode;
  children: () => ReactNode;
}) {
  const [opened, setOpened] = useState(false);
  return (
    <details className={className} onToggle={(event) => event.currentTarget.open && setOpened(true)}>
      <summary>{summary}</summary>
      {opened && children()}
    </details>
  );
}
