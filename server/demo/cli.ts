import { parseArgs } from 'node:util';
import { parseConfig } from '../config';
import { isoDayInVietnam } from '../../src/domain/time/time';
import { createStore } from '../store/store';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_SIZE } from './generate';
import { seedDemo } from './seed';

/**
 * `npm run seed -- --size 1000000 [--seed N] [--today yyyy-MM-dd]`: writes the demo data set into the
 * configured database (DATA_DIR or DATABASE_URL), which must not hold work orders yet.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { size: { type: 'string' }, seed: { type: 'string' }, today: { type: 'string' } },
    strict: true,
  });
  const size = values.size === undefined ? DEFAULT_DEMO_SIZE : Number(values.size);
  const seed = values.seed === undefined ? DEFAULT_DEMO_SEED : Number(values.seed);
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(seed)) {
    process.stderr.write('Usage: npm run seed -- [--size N] [--seed N] [--today yyyy-MM-dd]\n');
    return 2;
  }
  const config = parseConfig(process.env);
  if (!config.ok) {
    process.stderr.write(`Invalid configuration: ${config.message}\n`);
    return 1;
  }
  const store = await createStore({ databaseUrl: config.config.databaseUrl, dataDir: config.config.dataDir });
  try {
    await store.migrate();
    if ((await store.workOrders.count()) > 0) {
      process.stderr.write('The database already holds work orders; seed an empty one (new DATA_DIR or database).\n');
      return 1;
    }
    const now = new Date();
    const started = performance.now();
    const summary = await seedDemo(store, {
      seed,
      size,
      now,
      today: values.today ?? isoDayInVietnam(now),
      onProgress: (n) => {
        if (n % 100_000 === 0) process.stdout.write(`  ${n} work orders…\n`);
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `Seeded ${summary.workOrders} work orders (${summary.assigned} assigned for today) into ${store.dialect} in ${seconds} s.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

process.exitCode = await main();
