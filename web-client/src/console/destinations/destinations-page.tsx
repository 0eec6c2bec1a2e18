import type { Destination } from '@diemcau/protocol';
import { useState } from 'preact/hooks';
import { deleteDestination, listDestinations } from '../../api/destinations.js';
import { useStrings } from '../../i18n/i18n.js';
import { ConfirmDialog } from '../../ui/confirm-dialog.js';
import { PageHeading } from '../../ui/page-heading.js';
import { StatusMessage } from '../../ui/status-message.js';
import { broadcastStrings } from '../broadcast/strings.js';
import '../broadcast/broadcast.css';
import { ErrorMessage } from '../error-message.js';
import { useResource } from '../use-resource.js';
import { DestinationAddForm } from './destination-add-form.js';
import { DestinationTable } from './destination-table.js';
import { StreamKeyDialog } from './stream-key-dialog.js';

/** `#/destinations`: where livestreams can go, each with its sealed stream key. */
export function DestinationsPage() {
  const t = useStrings(broadcastStrings);
  const list = useResource((signal) => listDestinations(signal), []);
  const [done, setDone] = useState<string>();
  const [keyFor, setKeyFor] = useState<Destination | null>(null);
  const [deleting, setDeleting] = useState<Destination | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleteFailure, setDeleteFailure] = useState<unknown>();

  const remove = async (destination: Destination) => {
    setBusy(true);
    setDeleteFailure(undefined);
    try {
      await deleteDestination(destination.id);
      setDeleting(null);
      setDone(t('destinationDeleted', { name: destination.name }));
      list.reload();
    } catch (error) {
      setDeleteFailure(error);
      // Perhaps deleted from another console meanwhile: the list shows what is left.
      list.reload();
    } finally {
      setBusy(false);
    }
  };

  const items = list.data?.items;
  return (
    <>
      <PageHeading title={t('destinationsTitle')} />
      <p class="page-intro">{t('destinationsIntro')}</p>
      {done && <StatusMessage kind="success">{done}</StatusMessage>}
      <section class="card" aria-labelledby="destinations-list-title">
        <h2 id="destinations-list-title">{t('destinationsListTitle')}</h2>
        {list.error !== undefined && <ErrorMessage error={list.error} onRetry={list.reload} />}
        {items?.length === 0 && <p>{t('destinationsEmpty')}</p>}
        {items && items.length > 0 && (
          <DestinationTable
            destinations={items}
            onSetKey={(destination) => {
              setDone(undefined);
              setKeyFor(destination);
            }}
            onDelete={(destination) => {
              setDone(undefined);
              setDeleteFailure(undefined);
              setDeleting(destination);
            }}
          />
        )}
      </section>
      <DestinationAddForm
        onAdded={() => {
          setDone(undefined);
          list.reload();
        }}
      />
      <StreamKeyDialog
        destination={keyFor}
        onClose={() => setKeyFor(null)}
        onSaved={(destination) => {
          setKeyFor(null);
          setDone(t('keySaved', { name: destination.name }));
          list.reload();
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={t('deleteDestinationTitle')}
        confirmLabel={t('deleteDestination')}
        danger
        busy={busy}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      >
        <p>{t('deleteDestinationBody', { name: deleting?.name ?? '' })}</p>
        {deleteFailure !== undefined && (
          <ErrorMessage
            error={deleteFailure}
            messages={{ errorNotFound: t('destinationNotFound') }}
            detailed
          />
        )}
      </ConfirmDialog>
    </>
  );
}
