import { buildApp } from './server';

/** Builds the app once for every test file that starts `next start`. */
export default function setup() {
  buildApp();
}
