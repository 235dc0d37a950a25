/**
 * The MLLP listener on `MLLP_PORT`: plain TCP or TLS (optionally mutual TLS), an optional source
 * allowlist (addresses / CIDR ranges), a connection limit, and one `MllpConnection` per socket. Nothing
 * a peer sends can stop the process: framing faults and socket errors are logged and contained.
 * https://www.hl7.org/documentcenter/public/wg/inm/mllp_transport_specification.PDF
 */
import { BlockList, createServer, isIP, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Logger } from '../../log/logger.js';
import { MllpConnection, type MllpConnectionLimits, type MllpHandler } from './mllp-connection.js';

/** TLS material (PEM). */
export interface MllpTlsOptions {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** CAs trusted for client certificates. */
  readonly ca?: Buffer;
  /** Mutual TLS: refuse clients without a certificate signed by `ca`. */
  readonly requireClientCert: boolean;
}

/** Listener options. */
export interface MllpListenerOptions extends MllpConnectionLimits {
  readonly host: string;
  readonly port: number;
  readonly maxConnections: number;
  readonly tls?: MllpTlsOptions;
  /** Addresses or CIDR ranges allowed to connect; undefined or empty: everyone. */
  readonly allowlist?: readonly string[];
}

/** An `IP` or `IP/prefix` list as a BlockList; throws a RangeError naming a bad item. */
export function parseAllowlist(items: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of items) {
    const item = raw.trim();
    const [address = '', prefix] = item.split('/');
    const family = isIP(address);
    if (family === 0) throw new RangeError(`'${item}' is not an IP address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else {
      const bits = Number(prefix);
      if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new RangeError(`'${item}' has an invalid prefix length`);
      list.addSubnet(address, bits, type);
    }
  }
  return list;
}

/** True when `address` (IPv4-mapped IPv6 counts as IPv4) is in `list`. */
function allowed(list: BlockList, address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
  return list.check(v4, isIP(v4) === 6 ? 'ipv6' : 'ipv4');
}

/** A running listener. */
export class MllpListener {
  readonly #server: Server;
  readonly #connections = new Set<MllpConnection>();

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Starts listening; resolves once bound. */
  static async start(options: MllpListenerOptions, handler: MllpHandler, logger: Logger): Promise<MllpListener> {
    const allow = options.allowlist !== undefined && options.allowlist.length > 0 ? parseAllowlist(options.allowlist) : undefined;
    const tls = options.tls;
    const server: Server = tls === undefined
      ? createServer({ allowHalfOpen: true })
      : createTlsServer({
        allowHalfOpen: true, cert: tls.cert, key: tls.key, ...(tls.ca === undefined ? {} : { ca: tls.ca }),
        requestCert: tls.requireClientCert, rejectUnauthorized: tls.requireClientCert,
      });
    const listener = new MllpListener(server);
    server.maxConnections = options.maxConnections;
    server.on('drop', (d?: { remoteAddress?: string }) => logger.warn('mllp connection refused: MLLP_MAX_CONNECTIONS reached', { origin: `mllp:${d?.remoteAddress ?? 'unknown'}` }));
    // Raw TCP accept (before any TLS handshake): the allowlist is checked here.
    server.on('connection', (socket: Socket) => {
      socket.on('error', () => undefined); // handshake / reset errors are logged by the connection or ignored
      if (allow !== undefined && !allowed(allow, socket.remoteAddress)) {
        logger.warn('mllp connection refused: address not in MLLP_ALLOWLIST', { origin: `mllp:${socket.remoteAddress ?? 'unknown'}` });
        socket.destroy();
        return;
      }
      if (tls === undefined) listener.#serve(socket, handler, options, logger);
    });
    if (tls !== undefined) {
      server.on('secureConnection', (socket: Socket) => listener.#serve(socket, handler, options, logger));
      server.on('tlsClientError', (e: NodeJS.ErrnoException, socket: Socket) => {
        logger.warn('mllp TLS handshake failed', { origin: `mllp:${socket.remoteAddress ?? 'unknown'}`, code: e.code ?? e.name });
      });
    }
    server.on('error', (e) => logger.error('mllp listener error', { err: e }));
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port, options.host, () => {
        server.off('error', fail);
        ok();
      });
    });
    logger.info('mllp listening', { port: listener.port, tls: tls !== undefined, mutualTls: tls?.requireClientCert ?? false });
    return listener;
  }

  #serve(socket: Socket, handler: MllpHandler, limits: MllpConnectionLimits, logger: Logger): void {
    const c = new MllpConnection(socket, handler, limits, logger, (closed) => this.#connections.delete(closed));
    this.#connections.add(c);
  }

  /** The bound port (real even when asked for port 0). */
  get port(): number {
    return (this.#server.address() as AddressInfo | null)?.port ?? 0;
  }

  /** Open connections. */
  get connections(): number {
    return this.#connections.size;
  }

  /**
   * Stops accepting, lets each connection finish the answers it owes, then closes it; connections
   * still open after `graceMs` are destroyed.
   */
  async close(graceMs = 10_000): Promise<void> {
    const closed = new Promise<void>((ok) => this.#server.close(() => ok()));
    for (const c of this.#connections) c.endWhenIdle();
    const timer = setTimeout(() => {
      for (const c of this.#connections) c.destroy();
    }, graceMs);
    timer.unref();
    await closed;
    clearTimeout(timer);
  }
}
