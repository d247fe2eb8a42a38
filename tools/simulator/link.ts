/**
 * The demo service's development client, for what still runs from tools/ (certify, the simulated
 * Amazon of app-to-app linking). Linking itself is the kit's command line: `alexa-skill-workers
 * link` (packages/alexa-skill-workers/src/cli/oauth/).
 */
import { fetchLocal } from './reach.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Asks the local demo service for the Alexa client's credentials (development mode only). */
export async function fetchDevClient(serviceUrl: string): Promise<ClientCredentials> {
  const response = await fetchLocal('The demo Ride Hailer service', `${serviceUrl}/dev/client`);
  if (!response.ok) throw new Error(`the service at ${serviceUrl} did not give its dev client (${response.status}); is npm run dev running?`);
  return (await response.json()) as ClientCredentials;
}
