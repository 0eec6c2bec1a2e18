import { useStrings } from '../../i18n/i18n.js';
import { Button } from '../../ui/button.js';
import type { GridPage } from './grid.js';
import { PointTile, type TileActions } from './point-tile.js';
import type { Quality } from './quality.js';
import { liveStrings } from './strings.js';
import type { TileModel } from './tiles.js';

interface TileGridProps {
  grid: GridPage<TileModel>;
  connected: number;
  quality: Record<string, Quality>;
  actions: TileActions;
  onPage: (page: number) => void;
}

/** The connected halls, a page at a time, with page buttons under the tiles. */
export function TileGrid({ grid, connected, quality, actions, onPage }: TileGridProps) {
  const t = useStrings(liveStrings);
  return (
    <section class="tile-grid-section" aria-labelledby="points-heading">
      <h2 id="points-heading">{t('pointsHeading', { connected })}</h2>
      {grid.items.length === 0 ? (
        <p class="muted">{t('noPoints')}</p>
      ) : (
        <ul class="tile-grid" data-testid="tile-grid">
          {grid.items.map((tile) => (
            <PointTile
              key={tile.peerId}
              tile={tile}
              quality={quality[tile.peerId] ?? 'unknown'}
              actions={actions}
            />
          ))}
        </ul>
      )}
      {grid.pages > 1 && (
        <nav class="tile-pager" aria-label={t('pagination')}>
          <Button
            disabled={grid.page === 0}
            onClick={() => onPage(grid.page - 1)}
            data-testid="page-previous"
          >
            {t('previousPage')}
          </Button>
          <ul class="tile-pages">
            {Array.from({ length: grid.pages }, (_, i) => (
              <li key={i}>
                <Button
                  variant={i === grid.page ? 'primary' : 'secondary'}
                  aria-current={i === grid.page ? 'page' : undefined}
                  aria-label={t('pageN', { n: i + 1 })}
                  onClick={() => onPage(i)}
                  data-testid={`page-${i + 1}`}
                >
                  {String(i + 1)}
                </Button>
              </li>
            ))}
          </ul>
          <Button
            disabled={grid.page === grid.pages - 1}
            onClick={() => onPage(grid.page + 1)}
            data-testid="page-next"
          >
            {t('nextPage')}
          </Button>
          <span class="muted" aria-live="polite">
            {t('pageOf', { page: grid.page + 1, pages: grid.pages })}
          </span>
        </nav>
      )}
    </section>
  );
}
