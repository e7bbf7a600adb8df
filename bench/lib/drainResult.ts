/**
 * What one drain of the sync workload (./syncWorkload.ts) measured, whichever stack moved it: PouchDB → express-pouchdb
 * (./pouchPeer.ts) or our PWA in Chromium → our server (./ourDrain.ts). bench/sync.ts alternates them and reports ratios.
 */
export interface DrainResult {
  stack: 'pouchdb' | 'ours';
  /** 'sqlite' | 'postgres' for ours; 'leveldb' for PouchDB. */
  backend: string;
  /** The emulated link, or null on loopback. */
  link: { upMbit: number; downMbit: number; rttMs: number } | null;
  swaps: number;
  photos: number;
  /** Record JSON plus photo bytes: what has to reach the server. */
  payloadBytes: number;
  /** From the moment the device may send to the last record and photo acknowledged. */
  wallSeconds: number;
  /** Bytes the server's sockets received and sent during the drain (headers included). */
  wireBytesUp: number;
  wireBytesDown: number;
  requests: number;
  clientCpuSeconds: number;
  serverCpuSeconds: number;
  clientPeakRssMB: number;
  serverPeakRssMB: number;
  /** Checked on the server afterwards: records present exactly once, photos whose bytes hash to their id. */
  verified: { records: number; photos: number };
}
