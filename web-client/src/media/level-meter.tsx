import './media.css';

interface LevelMeterProps {
  /** 0–1. */
  level: number;
  label: string;
  testId?: string;
}

/** A horizontal level bar, exposed as a meter (0–100). */
export function LevelMeter({ level, label, testId }: LevelMeterProps) {
  const percent = Math.round(Math.min(1, Math.max(0, level)) * 100);
  return (
    <div
      class="level-meter"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid={testId}
    >
      <span class="level-meter-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
