// Every signalling method's handler, bound once. The compiler checks the table against the
// protocol's: a method without a handler, or a handler with the wrong data or answer, does not build.
import type { RequestMethod } from '@diemcau/protocol';
import {
  consumers,
  getRouterRtpCapabilities,
  hostControls,
  join,
  leave,
  pointRequests,
  producers,
  transports,
  type Handler,
} from './handlers/index.js';

export type HandlerTable = { readonly [M in RequestMethod]: Handler<M> };

export const handlers: HandlerTable = {
  getRouterRtpCapabilities,
  join,
  leave,
  createWebRtcTransport: transports.createWebRtcTransport,
  connectWebRtcTransport: transports.connectWebRtcTransport,
  restartIce: transports.restartIce,
  createPlainTransport: transports.createPlainTransport,
  connectPlainTransport: transports.connectPlainTransport,
  produce: producers.produce,
  closeProducer: producers.closeProducer,
  pauseProducer: producers.pauseProducer,
  resumeProducer: producers.resumeProducer,
  resumeConsumer: consumers.resumeConsumer,
  pauseConsumer: consumers.pauseConsumer,
  setConsumerView: consumers.setConsumerView,
  setGridPage: consumers.setGridPage,
  mutePoint: hostControls.mutePoint,
  unmutePoint: hostControls.unmutePoint,
  disableCamera: hostControls.disableCamera,
  spotlight: hostControls.spotlight,
  removePoint: hostControls.removePoint,
  readmitPoint: hostControls.readmitPoint,
  lockRoom: hostControls.lockRoom,
  setRoomSettings: hostControls.setRoomSettings,
  endConference: hostControls.endConference,
  grantFloor: hostControls.grantFloor,
  dismissHand: hostControls.dismissHand,
  raiseHand: pointRequests.raiseHand,
  lowerHand: pointRequests.lowerHand,
  setHeadcount: pointRequests.setHeadcount,
};
