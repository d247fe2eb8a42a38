import { createApp } from './app.ts';

/** The Worker: an Alexa custom skill endpoint at `POST /`. See README. */
export default createApp();
