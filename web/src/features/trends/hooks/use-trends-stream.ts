import type { TrendsSubscription } from '@trendstream/contracts/socket-events';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { io } from 'socket.io-client';
import { browserScheduler } from '../live/coalescer';
import { createTrendsStream, type TrendsSocket, type TrendsView } from '../live/trends-stream';

const openSocket = (): TrendsSocket => io({ path: '/socket.io', reconnectionDelayMax: 5_000 });

/** Follows the live trends for `subscription` over socket.io; re-renders at most a few times a second. */
export function useTrendsStream(subscription: TrendsSubscription): TrendsView {
  const [stream] = useState(() =>
    createTrendsStream({
      subscription,
      openSocket,
      scheduler: browserScheduler,
      isOnline: () => navigator.onLine,
      networkEvents: window,
    }),
  );
  useEffect(() => {
    stream.start();
    return () => stream.stop();
  }, [stream]);

  const { window: trendWindow, lang, tag } = subscription;
  useEffect(() => {
    stream.setSubscription({ window: trendWindow, lang, tag });
  }, [stream, trendWindow, lang, tag]);

  return useSyncExternalStore(stream.onChange, stream.getView);
}
