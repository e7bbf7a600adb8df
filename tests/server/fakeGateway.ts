import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../server/services/notices/signature';

/** What the gateway does with one request: answer a status, or hang (never answer: the sender's timeout). */
export type GatewayAnswer = number | 'hang';

export interface FakeGateway {
  url: string;
  /** Every request that reached it, in order (raw deliveries, repeats included). */
  raw: { messageId: string; signature: string }[];
  /** Messages it "sent" to a phone: one per messageId however often it was posted (the dedupe the contract asks for). */
  delivered: Map<string, { to: string; text: string }>;
  /** Requests whose signature did not verify. */
  badSignatures: number;
  /** Decides each request's answer (default 200). */
  answer: (messageId: string, nth: number) => GatewayAnswer;
  close(): Promise<void>;
}

/**
 * A notice gateway on loopback, as a Zalo ZNS / SMS-brandname adapter would sit behind the webhook: verifies the
 * signature, dedupes by messageId (a repeat is answered 200 and not sent again), and fails, hangs or answers as
 * the test says.
 */
export async function startFakeGateway(secret: string, nowSeconds: () => number): Promise<FakeGateway> {
  const hanging = new Set<ServerResponse>();
  const seen = new Map<string, number>();
  const gateway: FakeGateway = {
    url: '',
    raw: [],
    delivered: new Map(),
    badSignatures: 0,
    answer: () => 200,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers['x-notify-signature'] ?? '');
      if (verifySignature(secret, body, signature, nowSeconds()) !== 'ok') {
        gateway.badSignatures += 1;
        res.writeHead(401).end();
        return;
      }
      const message = JSON.parse(body) as { messageId: string; to: string; text: string };
      gateway.raw.push({ messageId: message.messageId, signature });
      const nth = (seen.get(message.messageId) ?? 0) + 1;
      seen.set(message.messageId, nth);
      const answer = gateway.answer(message.messageId, nth);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      if (answer >= 200 && answer < 300 && !gateway.delivered.has(message.messageId)) {
        gateway.delivered.set(message.messageId, { to: message.to, text: message.text });
      }
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return gateway;
}
