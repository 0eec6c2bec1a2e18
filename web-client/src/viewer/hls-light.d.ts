// hls.js ships no types for its light build (no subtitles, alternate audio, DRM, CMCD or
// interstitials, none of which a single live stream needs); its API is the full build's.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
