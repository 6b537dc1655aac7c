import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { BASE } from '../router';
import { attempt } from './toasts';
import { strings } from '../i18n';

type PushState = 'unsupported' | 'default' | 'denied' | 'on' | 'off' | 'working';

/** Turns desktop notifications on for this browser: permission, service worker, push subscription, server. */
export function PushButton() {
  const [state, setState] = useState<PushState>('working');

  useEffect(() => {
    refresh().then(setState);
  }, []);

  const subscribe = () =>
    attempt(async () => {
      setState('working');
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') return setState(permission === 'denied' ? 'denied' : 'default');
      const registration = await navigator.serviceWorker.register(`${BASE}/sw.js`, { scope: `${BASE}/` });
      await navigator.serviceWorker.ready;
      const { publicKey } = await api<{ publicKey: string }>('/push/key');
      const options = { userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) };
      const subscription = await registration.pushManager.subscribe(options);
      try {
        await api('/push/subscriptions', { body: subscription.toJSON() });
      } catch (err) {
        // The endpoint is another user's of this browser (the server binds it to them): take a new one of our own.
        if (!(err instanceof ApiError) || err.status !== 409) throw err;
        await subscription.unsubscribe();
        const fresh = await registration.pushManager.subscribe(options);
        await api('/push/subscriptions', { body: fresh.toJSON() });
      }
      setState('on');
    }).finally(() => refresh().then(setState));

  const unsubscribe = () =>
    attempt(async () => {
      setState('working');
      const registration = await navigator.serviceWorker.getRegistration(`${BASE}/`);
      const subscription = await registration?.pushManager.getSubscription();
      if (subscription) {
        await api('/push/subscriptions', { method: 'DELETE', body: { endpoint: subscription.endpoint } });
        await subscription.unsubscribe();
      }
    }).finally(() => refresh().then(setState));

  const s = strings();
  switch (state) {
    case 'unsupported':
      return <p class="push muted">{s.pushUnsupported}</p>;
    case 'denied':
      return (
        <p class="push denied" data-push-state="denied">
          {s.pushDenied}
        </p>
      );
    case 'on':
      return (
        <p class="push" data-push-state="on">
          {s.pushOn} <button onClick={unsubscribe}>{s.turnOff}</button>
        </p>
      );
    case 'working':
      return <p class="push muted">{s.pushChecking}</p>;
    default:
      return (
        <p class="push" data-push-state={state}>
          <button class="primary" onClick={subscribe}>
            {s.turnOn}
          </button>{' '}
          <span class="muted">{s.turnOnWhy}</span>
        </p>
      );
  }
}

async function refresh(): Promise<PushState> {
  if (typeof Notification === 'undefined' || !('serviceWorker' in navigator) || !('PushManager' in window))
    return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission === 'default') return 'default';
  const registration = await navigator.serviceWorker.getRegistration(`${BASE}/`);
  const subscription = await registration?.pushManager.getSubscription();
  return subscription ? 'on' : 'off';
}

function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
