import type { ConnectionStatus } from '../live/trends-stream';

const LABELS: Record<ConnectionStatus, { text: string; hint: string }> = {
  connecting: { text: 'Connecting…', hint: 'Opening the live connection to the server' },
  connected: { text: 'Connected', hint: 'Receiving live updates' },
  syncing: { text: 'Syncing…', hint: 'Connected; loading a fresh snapshot' },
  reconnecting: { text: 'Reconnecting…', hint: 'The live connection dropped; retrying on its own' },
  offline: { text: 'Offline', hint: 'This device is offline; updates resume when it is back' },
};

/** The live connection's state, announced politely to screen readers when it changes. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const label = LABELS[status];
  return (
    <p className={`connection connection--${status}`} role="status" title={label.hint}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="sr-only">Live connection: </span>
      {label.text}
    </p>
  );
}
