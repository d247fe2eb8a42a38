/**
 * The Worker's `globalOutbound` under `workerd serve` (bench/workerd.ts): every subrequest the
 * bundle makes lands here and is counted. S3's certificate URL is answered with the generated
 * chain; calls to the fake provider on 127.0.0.1 go to it through the `PROVIDER` external
 * service (loopback only); Alexa's progressive responses are accepted here; anything else is refused.
 */
let subrequests = 0;

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.hostname === 'bench.internal') {
      if (url.pathname === '/__reset') subrequests = 0;
      return Response.json({ subrequests });
    }
    subrequests++;
    if (request.url === env.CERT_URL) return new Response(env.CHAIN_PEM);
    if (url.hostname === '127.0.0.1') return env.PROVIDER.fetch(request);
    // Alexa's Progressive Response API, answered here (a progressive response accepted): never the network.
    if (url.hostname === 'api.amazonalexa.com' && url.pathname === '/v1/directives') return new Response(null, { status: 204 });
    return new Response('blocked: not on loopback', { status: 599 });
  },
};
