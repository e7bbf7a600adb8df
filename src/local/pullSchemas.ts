// The schemas applyPull checks review and completion changes with: a chunk of its own, loaded when such a change arrives.
export { ReviewChangeData } from '../domain/protocol/sync';
export { CompletionView } from '../domain/workOrder/workOrderDetail';
export { StockItem } from '../domain/stock/stock';
