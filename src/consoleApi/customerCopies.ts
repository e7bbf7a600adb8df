import type { CustomerCopyIssued } from '../domain/campaign/customerCopy';
import type { ApiClient, ApiResult } from '../sync/api';
import { callEmptyEndpoint, callEndpoint } from '../sync/endpoints';

/** `POST /api/v1/completions/:id/customer-copy`: a new link to the customer's copy (the previous one stops working). */
export function issueCustomerCopy(api: ApiClient, completionId: string): Promise<ApiResult<CustomerCopyIssued>> {
  return callEndpoint(api, 'completions.customerCopy.issue', { params: { id: completionId } });
}

/** `DELETE /api/v1/completions/:id/customer-copy`: the customer's link stops working now. */
export function revokeCustomerCopy(api: ApiClient, completionId: string): Promise<ApiResult<null>> {
  return callEmptyEndpoint(api, 'completions.customerCopy.revoke', { params: { id: completionId } });
}
