/**
 * The public origin `wrangler deploy` reports for a Worker: its `*.workers.dev` URL, or else the
 * first Custom Domain it lists ("example.com (custom domain)"). Undefined when it names neither
 * (routes only, or workers.dev turned off).
 */
export function deployedOrigin(output: string): string | undefined {
  const workersDev = /https:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.workers\.dev\b/i.exec(output)?.[0];
  if (workersDev) return workersDev.toLowerCase();
  const customDomain = /^\s*([a-z0-9.-]+\.[a-z]{2,})\s+\(custom domain\)/im.exec(output)?.[1];
  return customDomain ? `https://${customDomain.toLowerCase()}` : undefined;
}
