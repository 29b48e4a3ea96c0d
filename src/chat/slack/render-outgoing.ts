// Turns anything Herald posts (alert, digest, notice) into a Slack message body carrying message
// metadata with the delivery key, so Herald can find its own post after an unknown outcome.

import type { OutgoingMessage } from '../port.js';
import { renderSlackAlert } from './render-alert.js';
import { renderSlackDigest } from './render-digest.js';
import { renderSlackNotice } from './render-notice.js';
import type { SlackMessage } from './render-text.js';

/** The `event_type` of each kind of message Herald posts. */
export const HERALD_EVENT_TYPES = { alert: 'herald_alert', digest: 'herald_digest', notice: 'herald_notice' } as const;

export type HeraldEventType = (typeof HERALD_EVENT_TYPES)[keyof typeof HERALD_EVENT_TYPES];

/** A message body with Herald's metadata; `event_payload.delivery_key` is what findPosted matches. */
export interface SlackOutgoingMessage extends SlackMessage {
  metadata: { event_type: HeraldEventType; event_payload: { delivery_key: string } & Record<string, string | number> };
}

/**
 * Renders `message` for chat.postMessage with `key` in its metadata.
 * @see https://docs.slack.dev/messaging/message-metadata
 */
export function renderSlackOutgoing(message: OutgoingMessage, key: string): SlackOutgoingMessage {
  switch (message.kind) {
    case 'alert': {
      const { metadata, ...body } = renderSlackAlert(message.alert);
      return { ...body, metadata: { event_type: HERALD_EVENT_TYPES.alert, event_payload: { ...metadata.event_payload, delivery_key: key } } };
    }
    case 'digest':
      return { ...renderSlackDigest(message.digest), metadata: { event_type: HERALD_EVENT_TYPES.digest, event_payload: { delivery_key: key, period: message.digest.period, until: message.digest.until } } };
    case 'notice':
      return { ...renderSlackNotice(message.notice), metadata: { event_type: HERALD_EVENT_TYPES.notice, event_payload: { delivery_key: key, notice: message.notice.kind } } };
  }
}
