import { rereadConfig } from '../../lib/config/env';

/**
 * Before each unit test file: the unit project shares one process (and its loaded
 * modules) between the files a worker runs, so each file starts from the environment
 * the worker started with (a file sets DATABASE_URL, SITE_URL… in its own beforeAll)
 * and the configuration is read afresh from it.
 */
const first = globalThis as { unitTestEnvironment?: Record<string, string | undefined> };
first.unitTestEnvironment ??= { ...process.env };
for (const name of Object.keys(process.env)) if (!(name in first.unitTestEnvironment)) delete process.env[name];
Object.assign(process.env, first.unitTestEnvironment);
rereadConfig();
