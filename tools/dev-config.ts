/** Where the local pieces listen, and where their files live. Ports can be moved with env vars. */
export const DEV = {
  skillPort: Number(process.env.SKILL_PORT ?? 8787),
  servicePort: Number(process.env.SERVICE_PORT ?? 8788),
  redirectPort: Number(process.env.SIMULATOR_REDIRECT_PORT ?? 8790),
  caFile: process.env.ALEXA_DEV_CA_FILE ?? '.dev/alexa-dev-ca.json',
  stateFile: process.env.ALEXA_SIMULATOR_STATE ?? '.dev/simulator.json',
  /** The certificate URL the simulator names; it must pass the Worker's Amazon URL rules. */
  certUrl: 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem',
};

export const skillUrl = () => `http://localhost:${DEV.skillPort}/`;
export const serviceUrl = () => `http://localhost:${DEV.servicePort}`;
export const redirectUri = () => `http://localhost:${DEV.redirectPort}/callback`;
