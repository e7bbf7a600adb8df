import { customerCopyExpiry, CustomerCopyToken } from '../../src/domain/campaign/customerCopy';
import { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import { ok } from '../../src/domain/protocol/result';
import type { BlobStore } from '../blobs/blobStore';
import type { CompletionRecord, StoredWorkOrder } from '../store/records';
import type { Repos, Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { drawHandoverPdf, type HandoverPdf } from './exportService';
import type { PdfRenderer } from './pdfRenderer';
import { failure, type Result } from './result';
import { newSessionToken, sessionIdOf } from './sessionTokens';

/*
 * The customer's copy of the handover record (issue 15 §3, `/bien-ban/<token>`). A token is 32 random bytes
 * (base64url); only its SHA-256 is stored, so a token can be shown once and never again. Hence the rule: ONE live
 * token per completion, and issuing one revokes the completion's previous token (revoked_by = who issued the new
 * one). Whoever needs the link again issues a new one; the old link then stops working.
 */

export interface IssuedCopy {
  token: string;
  expiresAt: string;
}

/**
 * Issues a token for the completion's customer copy inside the caller's transaction, revoking any earlier one.
 * For the push path (next session: the link in the receipt message) and the supervisor's endpoint alike.
 * Answers null when the completion (or its work order) does not exist.
 */
export async function issueCustomerCopy(
  tx: Repos,
  completionId: string,
  { at, actorId = null }: { at: string; actorId?: string | null },
): Promise<IssuedCopy | null> {
  const completion = await tx.completions.findById(completionId);
  const workOrder = completion && (await tx.workOrders.findById(completion.workOrderId));
  if (!completion || !workOrder) return null;
  await tx.customerCopies.revokeFor(completionId, at, actorId);
  const { token, id: tokenHash } = newSessionToken();
  const expiresAt = customerCopyExpiry(at);
  await tx.customerCopies.insert({
    tokenHash,
    completionId,
    workOrderId: workOrder.id,
    teamId: workOrder.teamId,
    createdAt: at,
    expiresAt,
    revokedAt: null,
    revokedBy: null,
  });
  return { token, expiresAt };
}

/** What the customer's page shows: that completion and its work order, nothing else. */
export interface CustomerCopy {
  completion: CompletionRecord;
  swap: SwapCompleteArgs;
  workOrder: StoredWorkOrder;
  technicianName: string;
}

export function createCustomerCopyService(store: Store, clock: Clock, blobs: BlobStore, pdf: PdfRenderer) {
  /** The completion if the user may manage its customer copy: an admin, or a supervisor of the order's team. */
  async function managed(tx: Repos, auth: AuthContext, completionId: string) {
    const completion = await tx.completions.findById(completionId);
    const workOrder = completion && (await tx.workOrders.findById(completion.workOrderId));
    if (!completion || !workOrder) return null;
    const user = auth.user;
    const allowed = user.role === 'admin' || (user.role === 'supervisor' && user.teamId !== null && workOrder.teamId === user.teamId);
    return allowed ? { completion, workOrder } : null;
  }

  /** `POST /completions/:id/customer-copy`: a new link (the previous one stops working); audited. */
  async function issue(auth: AuthContext, completionId: string): Promise<Result<IssuedCopy>> {
    const at = clock.now().toISOString();
    const issued = await store.transaction(async (tx) => {
      const found = await managed(tx, auth, completionId);
      if (found === null) return null;
      const copy = await issueCustomerCopy(tx, completionId, { at, actorId: auth.user.id });
      if (copy === null) return null;
      await tx.audit.append([
        {
          actorId: auth.user.id,
          action: 'completion.customerCopy.issue',
          entity: 'completion',
          entityId: completionId,
          before: null,
          after: { workOrderId: found.workOrder.id, expiresAt: copy.expiresAt },
          at,
        },
      ]);
      return copy;
    });
    return issued === null ? failure('NOT_FOUND', 'No such completion.') : ok(issued);
  }

  /** `DELETE /completions/:id/customer-copy`: the completion's link stops working now; audited when one was live. */
  async function revoke(auth: AuthContext, completionId: string): Promise<Result<null>> {
    const at = clock.now().toISOString();
    const found = await store.transaction(async (tx) => {
      const managedCompletion = await managed(tx, auth, completionId);
      if (managedCompletion === null) return false;
      const revoked = await tx.customerCopies.revokeFor(completionId, at, auth.user.id);
      if (revoked > 0) {
        await tx.audit.append([
          {
            actorId: auth.user.id,
            action: 'completion.customerCopy.revoke',
            entity: 'completion',
            entityId: completionId,
            before: { live: revoked },
            after: null,
            at,
          },
        ]);
      }
      return true;
    });
    return found ? ok(null) : failure('NOT_FOUND', 'No such completion.');
  }

  /**
   * The record a token reaches, or null for a malformed, unknown, expired or revoked token (one answer for all).
   * The lookup is by the token's SHA-256: the database compares hashes, so its timing says nothing about the token.
   */
  async function open(token: string): Promise<CustomerCopy | null> {
    if (!CustomerCopyToken.safeParse(token).success) return null;
    const now = clock.now().toISOString();
    return store.snapshot(async (tx) => {
      const copy = await tx.customerCopies.findByHash(sessionIdOf(token));
      if (!copy || copy.revokedAt !== null || copy.expiresAt <= now) return null;
      const completion = await tx.completions.findById(copy.completionId);
      const workOrder = completion && (await tx.workOrders.findById(completion.workOrderId));
      if (!completion || !workOrder || workOrder.id !== copy.workOrderId) return null;
      const technician = await tx.users.findById(completion.technicianId);
      // Stored payloads were parsed with this schema on receipt; one that no longer parses is corrupt data, a bug.
      const swap = SwapCompleteArgs.parse(completion.payload);
      return { completion, swap, workOrder, technicianName: technician?.displayName ?? '' };
    });
  }

  /** The handover PDF of the copy (the console's document, without the customer's phone). */
  async function pdfOf(copy: CustomerCopy): Promise<Result<HandoverPdf>> {
    return drawHandoverPdf({ store, blobs, pdf }, copy, { withoutPhone: true });
  }

  return { issue, revoke, open, pdfOf };
}

export type CustomerCopyService = ReturnType<typeof createCustomerCopyService>;
