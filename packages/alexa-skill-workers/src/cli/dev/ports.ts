/** Ports checked before anything starts, so a busy one is named in one line instead of a stack trace. */
import { createServer } from 'node:net';

export interface DevPort {
  readonly port: number;
  /** What listens there, e.g. "the skill". */
  readonly what: string;
  /** How to move it, e.g. "pass --port" or "set SIMULATOR_REDIRECT_PORT". */
  readonly move: string;
}

// Loopback in both families: wrangler and the simulator listen on "localhost".
const HOSTS = ['127.0.0.1', '::1'];

function busyOn(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(true);
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') resolve(false); // no IPv6 here
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/** The first of `ports` that something already listens on, if any. */
export async function firstPortInUse(ports: readonly DevPort[]): Promise<DevPort | undefined> {
  for (const entry of ports) {
    for (const host of HOSTS) if (await busyOn(entry.port, host)) return entry;
  }
  return undefined;
}

/** The one line printed for a busy port. */
export function portInUseMessage({ port, what, move }: DevPort): string {
  return `Port ${port} is already in use (${what}); ${move} to use another port.`;
}
