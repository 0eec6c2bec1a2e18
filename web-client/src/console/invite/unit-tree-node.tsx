import { useStrings } from '../../i18n/i18n.js';
import { consoleStrings } from '../strings.js';
import type { TreeIndex } from './tree-index.js';
import type { SearchResult } from './tree-search.js';
import { type Selection, selectedCount, unitCheckState } from './tree-selection.js';

interface UnitTreeNodeProps {
  index: TreeIndex;
  unitId: string;
  selected: Selection;
  /** When searching: only the matches and their paths show. */
  search: SearchResult | undefined;
  open: ReadonlySet<string>;
  onToggleExpanded: (unitId: string) => void;
  onToggleUnit: (unitId: string) => void;
  onTogglePoint: (pointId: string) => void;
}

/** A unit: disclosure button, a checkbox for its whole subtree (mixed when partly chosen), then its halls and units. */
export function UnitTreeNode(props: UnitTreeNodeProps) {
  const { index, unitId, selected, search, open, onToggleExpanded, onToggleUnit, onTogglePoint } = props;
  const t = useStrings(consoleStrings);
  const unit = index.units.get(unitId)!;
  const state = unitCheckState(index, unitId, selected);
  const points = unit.points.filter((p) => !search || search.points.has(p.id));
  const children = unit.children.filter((id) => !search || search.units.has(id));
  const hasContent = points.length + children.length > 0;
  const isOpen = hasContent && open.has(unitId);
  const groupId = `tree-group-${unitId}`;
  const count = { selected: selectedCount(index, unitId, selected), total: unit.subtreePoints.length };
  return (
    <li>
      <div class="tree-row">
        {hasContent ? (
          <button
            type="button"
            class="tree-toggle"
            aria-expanded={isOpen}
            aria-controls={isOpen ? groupId : undefined}
            aria-label={t(isOpen ? 'collapseUnit' : 'expandUnit', { name: unit.name })}
            onClick={() => onToggleExpanded(unitId)}
          >
            <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span class="tree-toggle-space" />
        )}
        <label class="tree-label">
          <input
            type="checkbox"
            checked={state === 'checked'}
            indeterminate={state === 'mixed'}
            disabled={state === 'empty'}
            onChange={() => onToggleUnit(unitId)}
          />
          <span class="tree-unit-name">{unit.name}</span>
          <span class="tree-code">{unit.code}</span>
          <span class="tree-unit-count">
            <span aria-hidden="true">{t('unitCount', count)}</span>
            <span class="visually-hidden">{t('unitCountLabel', count)}</span>
          </span>
        </label>
      </div>
      {isOpen && (
        <ul id={groupId} class="tree-group">
          {points.map((point) => (
            <li key={point.id} class="tree-point">
              <label class="tree-label">
                <input
                  type="checkbox"
                  checked={selected.has(point.id)}
                  onChange={() => onTogglePoint(point.id)}
                />
                <span>{point.name}</span>
              </label>
            </li>
          ))}
          {children.map((id) => (
            <UnitTreeNode key={id} {...props} unitId={id} />
          ))}
        </ul>
      )}
    </li>
  );
}
