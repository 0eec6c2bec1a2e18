import type { VideoOptions } from '../../../server/test/helpers/node-peer.js';
import { UsageError, type OptionSpec, type Options } from '../args.js';

/*
 * The halls' synthetic camera (server/test/helpers/node-peer/synthetic.ts),
 * one VP8 layer: its options, with each scenario's defaults.
 */

export interface CameraDefaults {
  width: number;
  height: number;
  fps: number;
}

export function cameraOptions(defaults: CameraDefaults): OptionSpec[] {
  return [
    { name: 'width', default: defaults.width, min: 160, max: 1920, help: "each hall's camera: width (even)" },
    { name: 'height', default: defaults.height, min: 90, max: 1080, help: 'height (even)' },
    { name: 'fps', default: defaults.fps, min: 1, max: 60, help: 'frames per second' },
    {
      name: 'noise',
      default: 0.1,
      min: 0,
      max: 1,
      help: 'share of 16x16 blocks redrawn at random each frame (detail that costs bits)',
    },
  ];
}

/** The camera the options describe; its frames are I420, so both sides must be even. */
export function cameraOf(options: Options): VideoOptions {
  const { width, height, fps, noise } = options as Record<'width' | 'height' | 'fps' | 'noise', number>;
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value % 2 !== 0) {
      throw new UsageError(`--${name} must be an even whole number, not ${value}`);
    }
  }
  return { width, height, fps, noise, simulcast: false };
}
