/** Says plainly that the numbers come from a recorded file, not from live instances. */
export function ReplayBadge({ replay }: { replay: boolean | undefined }) {
  if (!replay) return null;
  return (
    <span className="badge badge--replay" title="The newest posts come from a replayed file, not from live instances">
      Replay
      <span className="sr-only">: the data shown is replayed from a file</span>
    </span>
  );
}
