/**
 * Child-process entry running the real gateway (`startGateway` from src/main.ts) for a benchmark, so
 * the load generator never shares the server's event loop. Settings come from the environment the
 * parent passes. IPC: sends `{ type: 'ready', url }`; answers `{ type: 'rss' }` with the peak RSS;
 * `{ type: 'stop' }` closes gracefully and exits.
 */
import { loadConfigFromEnvironment } from '../../src/config/config.js';
import { createLogger } from '../../src/log/logger.js';
import { startGateway } from '../../src/main.js';

type Message = { type: 'rss' } | { type: 'stop' };

const config = loadConfigFromEnvironment();
const gateway = await startGateway(config, createLogger(config));
const send = (m: unknown): void => {
  process.send?.(m);
};
process.on('message', (m: Message) => {
  if (m.type === 'rss') send({ type: 'rss', maxRssKb: process.resourceUsage().maxRSS });
  if (m.type === 'stop') void gateway.close(2000).then(() => process.exit(0));
});
send({ type: 'ready', url: gateway.url, mllpPort: gateway.mllpPort });
