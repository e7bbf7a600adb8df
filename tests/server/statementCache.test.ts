import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { STATEMENT_CACHE_SIZE, StatementCache } from '../../server/store/sqliteWriteGate';

describe('prepared statements kept by the SQLite driver', () => {
  const db = new Database(':memory:');
  afterEach(() => db.exec('drop table if exists t'));

  it('prepares a text once and hands back the same statement, the least recently used dropped beyond the bound', () => {
    const cache = new StatementCache(db);
    const first = cache.get('select 1 as n');
    expect(cache.get('select 1 as n')).toBe(first);
    for (let i = 0; i < STATEMENT_CACHE_SIZE; i++) {
      if (i % 100 === 0) cache.get('select 1 as n'); // used again: stays
      cache.get(`select ${i + 2} as n`);
    }
    expect(cache.get('select 1 as n')).toBe(first);
    const second = cache.get('select 2 as n');
    expect(cache.get('select 2 as n')).toBe(second);
    expect((second.get() as { n: number }).n).toBe(2);
  });

  it('keeps answering right after the schema changed under a kept statement', () => {
    const cache = new StatementCache(db);
    db.exec('create table t (a integer)');
    cache.get('insert into t (a) values (?)').run(1);
    expect(cache.get('select * from t').all()).toEqual([{ a: 1 }]);
    db.exec('alter table t add column b text');
    cache.get('insert into t (a) values (?)').run(2);
    expect(cache.get('select * from t').all()).toEqual([
      { a: 1, b: null },
      { a: 2, b: null },
    ]);
  });
});
