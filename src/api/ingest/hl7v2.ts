/**
 * `POST /ingest/hl7v2`: one HL7 v2 message (ER7 text, any content type; bytes kept as sent) from a
 * client with a valid bearer token, answered with its acknowledgement as
 * `x-application/hl7-v2+er7` — the same pipeline and the same ACK as over MLLP: stored durably before
 * any positive answer, AA after the FHIR writes committed, AE / AR with ERR segments otherwise. The HTTP
 * status is 200 whenever an ACK is returned (the ACK carries the verdict), 204 when the sender asked
 * for no acknowledgement (enhanced mode, NE).
 * https://www.hl7.org/implement/standards/product_brief.cfm?product_id=185 (v2.5.1 §2.9) ·
 * HL7 over HTTP: https://hapifhir.github.io/hapi-hl7v2/hapi-hl7overhttp/specification.html
 */
import express, { type Router } from 'express';
import iconv from 'iconv-lite';
import type { AuthService } from '../../auth/auth-service.js';
import type { StoredAck } from '../../ports/inbox.js';
import { authOf } from '../middleware/auth-state.js';
import { requireBearer } from '../middleware/authenticate.js';
import { methodNotAllowed } from '../middleware/routing-errors.js';

/** The HL7 v2 media type of requests and answers. */
export const HL7V2_ER7_MEDIA_TYPE = 'x-application/hl7-v2+er7';

/** What receives the message (the HL7 v2 pipeline). */
export interface Hl7v2Receiver {
  receive(raw: Buffer, source: { readonly channel: 'http'; readonly origin: string }, send: (ack: StoredAck) => void): Promise<void>;
}

/** What the route is built from. */
export interface Hl7v2IngestDeps {
  readonly auth: AuthService;
  readonly receiver: Hl7v2Receiver;
  readonly maxBodyBytes: number;
}

/** IANA charset name of an ACK encoding (for the Content-Type). */
function charsetOf(encoding: string): string {
  switch (encoding) {
    case 'utf8': return 'utf-8';
    case 'latin1': return 'iso-8859-1';
    default: return encoding;
  }
}

function bytesOf(ack: StoredAck): Buffer {
  if (ack.encoding === 'utf8' || ack.encoding === 'latin1') return Buffer.from(ack.text, ack.encoding);
  return iconv.encodingExists(ack.encoding) ? iconv.encode(ack.text, ack.encoding) : Buffer.from(ack.text, 'utf8');
}

/** The router mounted at `/ingest/hl7v2`. */
export function hl7v2IngestRouter(deps: Hl7v2IngestDeps): Router {
  const r = express.Router({ caseSensitive: true });
  r.route('/')
    .post(requireBearer(deps.auth), express.raw({ type: () => true, limit: deps.maxBodyBytes }), async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const acks: StoredAck[] = [];
      await deps.receiver.receive(raw, { channel: 'http', origin: `http:${authOf(res)?.clientId ?? 'unknown'}` }, (a) => acks.push(a));
      const ack = acks[acks.length - 1];
      if (ack === undefined) {
        res.status(204).end();
        return;
      }
      res.status(200).type(`${HL7V2_ER7_MEDIA_TYPE}; charset=${charsetOf(ack.encoding)}`).send(bytesOf(ack));
    })
    .all(methodNotAllowed(['POST']));
  return r;
}
