/**
 * Listener options from the MLLP settings (src/config): reads the TLS PEM files and splits the
 * allowlist. https://www.hl7.org/documentcenter/public/wg/inm/mllp_transport_specification.PDF
 */
import { readFileSync } from 'node:fs';
import type { MllpListenerOptions } from './mllp-listener.js';

/** The MLLP part of the configuration. */
export interface MllpSettings {
  readonly host: string;
  readonly mllpPort: number;
  readonly mllpTlsCert: string | undefined;
  readonly mllpTlsKey: string | undefined;
  readonly mllpTlsCa: string | undefined;
  readonly mllpRequireClientCert: boolean;
  readonly mllpMaxFrameBytes: number;
  readonly mllpMaxConnections: number;
  readonly mllpIdleTimeoutMs: number;
  readonly mllpAllowlist: string | undefined;
}

/** Frames one connection may have waiting for their answer before it is paused. */
const MAX_PENDING_FRAMES = 64;

/** The listener options of `settings` (TLS files are read now; a missing file throws). */
export function mllpListenerOptions(settings: MllpSettings): MllpListenerOptions {
  const { mllpTlsCert: cert, mllpTlsKey: key, mllpTlsCa: ca } = settings;
  return {
    host: settings.host,
    port: settings.mllpPort,
    maxConnections: settings.mllpMaxConnections,
    maxFrameBytes: settings.mllpMaxFrameBytes,
    idleTimeoutMs: settings.mllpIdleTimeoutMs,
    maxPendingFrames: MAX_PENDING_FRAMES,
    ...(cert === undefined || key === undefined ? {} : {
      tls: {
        cert: readFileSync(cert), key: readFileSync(key), ...(ca === undefined ? {} : { ca: readFileSync(ca) }),
        requireClientCert: settings.mllpRequireClientCert,
      },
    }),
    ...(settings.mllpAllowlist === undefined ? {} : { allowlist: settings.mllpAllowlist.split(',').map((s) => s.trim()).filter((s) => s !== '') }),
  };
}
