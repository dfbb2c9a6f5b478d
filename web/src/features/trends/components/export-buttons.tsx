import type { TrendWord } from '@trendstream/contracts/api-types';
import { downloadText } from '../../../lib/download';
import { exportFileName, exportRows, toCsv, toJson, type ExportContext } from '../export/trends-export';

export interface ExportButtonsProps {
  top: readonly TrendWord[];
  rising: readonly TrendWord[];
  context: ExportContext;
}

/** Downloads the lists as shown (muted words left out) with the view they belong to. */
export function ExportButtons({ top, rising, context }: ExportButtonsProps) {
  const empty = top.length === 0 && rising.length === 0;
  const lists = { top, rising };
  return (
    <div className="export" role="group" aria-label="Export the lists">
      <button
        type="button"
        className="button button--ghost button--small"
        disabled={empty}
        onClick={() => downloadText(exportFileName(context, 'csv'), toCsv(exportRows(lists, context)), 'text/csv;charset=utf-8')}
      >
        Download CSV
      </button>
      <button
        type="button"
        className="button button--ghost button--small"
        disabled={empty}
        onClick={() => downloadText(exportFileName(context, 'json'), toJson(lists, context), 'application/json')}
      >
        Download JSON
      </button>
    </div>
  );
}
