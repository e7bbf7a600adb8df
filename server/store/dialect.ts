/** The two databases the same code runs on (design §2). */
export type SqlDialect = 'sqlite' | 'postgres';
