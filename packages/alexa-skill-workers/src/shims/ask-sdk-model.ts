/**
 * Build-time stand-in for `ask-sdk-model`'s runtime (wrangler.toml `[alias]`): the skill uses only
 * its types, and ask-sdk-core needs only `services.ServiceClientFactory`, which it builds when a
 * skill has an API client; this one has none. Dropping the 150 KB of service clients makes the
 * bundle smaller and every new isolate faster. Building a service client throws.
 */
class ServiceClientFactory {
  constructor() {
    throw new Error('ask-sdk-model service clients are not bundled (wrangler.toml [alias])');
  }
}

export const services = { ServiceClientFactory };
