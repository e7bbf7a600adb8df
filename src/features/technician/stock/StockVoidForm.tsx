import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { assessStorage, photoStampLines } from '../../../domain/capture/captureRules';
import { issuesFor, type DraftIssue } from '../../../domain/capture/draftIssues';
import { validateStockVoid } from '../../../domain/capture/stockVoid';
import { MAX_VOID_PHOTOS, type StockVoidDraft } from '../../../domain/capture/stockVoidDraft';
import { formatBytes } from '../../../domain/format/numberFormat';
import { VOID_REASONS } from '../../../domain/stock/stock';
import { captureVi } from '../../../i18n/capture/vi';
import { vi } from '../../../i18n/vi';
import { LatestWriter, useDevice, useTodayWorkOrders, type StockVoidChange } from '../../../local';
import { usePlatform, useToday } from '../../../platform/PlatformContext';
import { PhotoDecodeError } from '../../../platform/photoProcessor';
import { useCaptureDevices } from '../capture/CaptureDevices';
import { CameraIcon, GalleryIcon } from '../capture/fields/captureIcons';
import { ChoiceGroup, SelectField } from '../capture/fields/choiceFields';
import { FieldMessages, TextField } from '../capture/fields/fields';
import { PhotoThumb } from '../capture/fields/PhotoSection';
import { fieldId } from '../capture/issueText';

/** Two saves folded into one (a save waiting behind a running one): the newer draft, every photo gained or lost. */
function mergeChanges(older: StockVoidChange, newer: StockVoidChange): StockVoidChange {
  return {
    draft: newer.draft,
    addPhotos: [...(older.addPhotos ?? []), ...(newer.addPhotos ?? [])],
    removePhotos: [...(older.removePhotos ?? []), ...(newer.removePhotos ?? [])],
  };
}

/**
 * "Báo hỏng / mất" of one seal or meter (issue 16 §4): the reason, an optional note, 1–4 photos through the app's
 * photo pipeline (resized, stamped in Vietnamese, hashed in the worker), and the work order at whose door it
 * happened. Every change is on disk at once (as a swap's draft); "Ghi nhận" queues one `stock.void` in the outbox.
 */
export function StockVoidForm({ initial, label, onClose }: { initial: StockVoidDraft; label: string; onClose: (recorded: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const device = useDevice();
  const { clock } = usePlatform();
  const devices = useCaptureDevices();
  const today = useToday();
  const orders = useTodayWorkOrders({ today, query: '', status: 'all' });
  const [draft, setDraft] = useState(initial);
  // The latest draft, with changes made since this render (a note typed while a photo is processed).
  const latest = useRef(initial);
  const [writer] = useState(() => new LatestWriter<StockVoidChange, 'saved' | 'gone'>((change) => device.stockVoid.saveDraft(change), mergeChanges));
  const [attempted, setAttempted] = useState(false);
  /** A photo being processed and stored. */
  const [busy, setBusy] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [refused, setRefused] = useState<readonly DraftIssue[]>([]);

  const save = (next: StockVoidDraft, photos: Omit<StockVoidChange, 'draft'> = {}) => {
    latest.current = next;
    setDraft(next);
    return writer.submit({ draft: next, ...photos });
  };
  const set = (change: Partial<StockVoidDraft>) => void save({ ...latest.current, ...change }).catch(() => setMessage(t('errors.LOCAL_ERROR')));

  const all = [...validateStockVoid(draft), ...refused];
  const issues = attempted ? all : [];

  async function take(files: readonly File[]) {
    setMessage(null);
    setBusy(true);
    try {
      for (const file of files) {
        if (latest.current.photoIds.length >= MAX_VOID_PHOTOS) {
          setMessage(t('capture.photos.limit', { max: MAX_VOID_PHOTOS }));
          return;
        }
        const storage = assessStorage(await devices.estimateStorage());
        if (storage.status === 'low') {
          setMessage(t('capture.photos.storageLow', { free: formatBytes(storage.freeBytes, i18n.language) }));
          return;
        }
        // The stamp is evidence for EVN: always Vietnamese, whatever the screen's language. No GPS watch on this screen.
        const stampLines = photoStampLines({
          customerCode: latest.current.code,
          kindLabel: vi.myStock.void.stamp,
          at: new Date(clock.now()),
          gps: null,
          noGpsLabel: captureVi.photos.noGps,
        });
        const photo = await devices.photos.process(file, stampLines);
        const next = { ...latest.current, photoIds: [...new Set([...latest.current.photoIds, photo.photoId])] };
        await save(next, { addPhotos: [{ photoId: photo.photoId, mime: photo.mime, bytes: photo.bytes }] });
      }
    } catch (cause) {
      setMessage(
        cause instanceof PhotoDecodeError ? t('capture.photos.decodeFailed') : t('capture.photos.failed', { message: t('errors.LOCAL_ERROR') }),
      );
    } finally {
      setBusy(false);
    }
  }

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length > 0) void take(files);
  };

  const remove = (photoId: string) =>
    void save({ ...latest.current, photoIds: latest.current.photoIds.filter((id) => id !== photoId) }, { removePhotos: [photoId] }).catch(() =>
      setMessage(t('errors.LOCAL_ERROR')),
    );

  const submit = async () => {
    setAttempted(true);
    setRefused([]);
    if (validateStockVoid(latest.current).length > 0) return;
    setSubmitting(true);
    try {
      await writer.idle();
      const result = await device.stockVoid.record({ kind: latest.current.kind, code: latest.current.code });
      if (result.ok) onClose(true);
      else setRefused(result.error);
    } catch {
      setMessage(t('errors.LOCAL_ERROR'));
    } finally {
      setSubmitting(false);
    }
  };

  const cancel = async () => {
    await writer.idle().catch(() => undefined);
    await device.stockVoid.cancel(draft.kind, draft.code);
    onClose(false);
  };

  const workOrders = orders?.items.map((o) => ({ value: o.workOrder.id, label: `${o.workOrder.code} · ${o.workOrder.customerName}` })) ?? [];
  const photoField = 'void.photos';
  return (
    <section className="stock-void" aria-labelledby="stock-void-title">
      <h2 id="stock-void-title" tabIndex={-1}>
        {t('myStock.void.title', { item: label })}
      </h2>
      <p className="notice notice--info">{t('myStock.void.intro')}</p>
      <ChoiceGroup
        field="void.reason"
        legend={t('myStock.void.reason')}
        choices={VOID_REASONS.map((value) => ({ value, label: t(`myStock.reasons.${value}`) }))}
        value={draft.reason}
        issues={issuesFor(issues, 'void.reason')}
        onChange={(reason) => set({ reason })}
      />
      <TextField
        field="void.note"
        label={t('myStock.void.note')}
        value={draft.note}
        multiline
        issues={issuesFor(issues, 'void.note')}
        onChange={(note) => set({ note })}
      />
      <section className="photos" aria-labelledby="stock-void-photos" id={fieldId(photoField)} data-field={photoField}>
        <h3 id="stock-void-photos" className="photos__title">
          {t('myStock.void.photos')}{' '}
          <span className="photos__count">({t('myStock.void.photoCount', { count: draft.photoIds.length, max: MAX_VOID_PHOTOS })})</span>
        </h3>
        <p className="field__hint">{t('myStock.void.photosHint', { max: MAX_VOID_PHOTOS })}</p>
        {draft.photoIds.length > 0 && (
          <ul className="photos__grid">
            {draft.photoIds.map((id, index) => (
              <PhotoThumb
                key={id}
                photoId={id}
                alt={t('myStock.void.photo', { number: index + 1 })}
                deleteLabel={t('myStock.void.deletePhoto', { number: index + 1 })}
                onDelete={() => remove(id)}
              />
            ))}
          </ul>
        )}
        <div className="photos__actions">
          <label className="button button--primary photos__pick">
            <CameraIcon /> {t('capture.photos.take')}
            <input
              type="file"
              accept="image/*"
              capture="environment"
              className="visually-hidden"
              data-testid="camera-void"
              disabled={busy}
              onChange={onPick}
            />
          </label>
          <label className="button button--secondary photos__pick">
            <GalleryIcon /> {t('capture.photos.gallery')}
            <input type="file" accept="image/*" multiple className="visually-hidden" data-testid="gallery-void" disabled={busy} onChange={onPick} />
          </label>
        </div>
        {busy && (
          <p className="photos__status" role="status">
            {t('capture.photos.processing')}
          </p>
        )}
        <FieldMessages id={`${fieldId(photoField)}-msg`} issues={issuesFor(issues, photoField)} />
      </section>
      <SelectField
        field="void.workOrderId"
        label={t('myStock.void.workOrder')}
        emptyLabel={t('myStock.void.noWorkOrder')}
        choices={workOrders}
        value={draft.workOrderId}
        issues={[]}
        onChange={(workOrderId) => set({ workOrderId })}
      />
      {message !== null && (
        <p className="notice notice--error" role="alert">
          {message}
        </p>
      )}
      {refused.length > 0 && <FieldMessages id="void-refused" issues={refused.filter((i) => !i.field.startsWith('void.') || i.code === 'invalid')} />}
      <div className="stock-void__actions">
        <button type="button" className="button button--primary button--block" disabled={busy || submitting} onClick={() => void submit()}>
          {submitting ? t('myStock.void.submitting') : t('myStock.void.submit')}
        </button>
        <button type="button" className="button button--secondary button--block" disabled={busy || submitting} onClick={() => void cancel()}>
          {t('myStock.void.cancel')}
        </button>
      </div>
    </section>
  );
}
