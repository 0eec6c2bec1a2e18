import { useMemo, useState } from 'preact/hooks';
import { useStrings } from '../../i18n/i18n.js';
import { Field } from '../../ui/field.js';
import { consoleStrings } from '../strings.js';
import type { TreeIndex } from './tree-index.js';
import { searchTree } from './tree-search.js';
import { type Selection, toggleUnit, togglePoint } from './tree-selection.js';
import { UnitTreeNode } from './unit-tree-node.js';

interface UnitTreePickerProps {
  index: TreeIndex;
  selected: Selection;
  onChange: (selected: Set<string>) => void;
}

/** The unit tree with a checkbox per unit (its whole subtree) and per bridge point, and a search box. */
export function UnitTreePicker({ index, selected, onChange }: UnitTreePickerProps) {
  const t = useStrings(consoleStrings);
  const [query, setQuery] = useState('');
  // The top of the tree starts open: a province alone says little.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(index.roots));
  const search = useMemo(() => searchTree(index, query), [index, query]);

  const changeQuery = (value: string) => {
    setQuery(value);
    // Open the paths to the matches once; the user may close them again.
    const found = searchTree(index, value);
    if (found) setExpanded((previous) => new Set([...previous, ...found.expand]));
  };

  const toggleExpanded = (unitId: string) => {
    const next = new Set(expanded);
    if (!next.delete(unitId)) next.add(unitId);
    setExpanded(next);
  };

  return (
    <fieldset class="tree-picker">
      <legend>{t('inviteLegend')}</legend>
      <p class="field-hint">{t('inviteHint')}</p>
      <div class="tree-toolbar">
        <Field label={t('searchUnits')} hint={t('searchHint')}>
          {(control) => (
            <input
              {...control}
              type="search"
              value={query}
              onInput={(event) => changeQuery(event.currentTarget.value)}
            />
          )}
        </Field>
        <p class="tree-count" role="status">
          {t('selectedCount', { count: selected.size, total: index.pointCount })}
        </p>
        <button
          type="button"
          class="btn btn-quiet"
          disabled={selected.size === 0}
          onClick={() => onChange(new Set())}
        >
          {t('clearSelection')}
        </button>
      </div>
      {search && search.units.size === 0 ? (
        <p role="status">{t('noMatches', { query: query.trim() })}</p>
      ) : (
        <ul class="tree">
          {index.roots
            .filter((id) => !search || search.units.has(id))
            .map((id) => (
              <UnitTreeNode
                key={id}
                index={index}
                unitId={id}
                selected={selected}
                search={search}
                open={expanded}
                onToggleExpanded={toggleExpanded}
                onToggleUnit={(unitId) => onChange(toggleUnit(index, unitId, selected))}
                onTogglePoint={(pointId) => onChange(togglePoint(pointId, selected))}
              />
            ))}
        </ul>
      )}
    </fieldset>
  );
}
