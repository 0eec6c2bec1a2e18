import fs from 'node:fs';
import {
  ConferenceParams,
  ErrorBody,
  Recording,
  RecordingFileParams,
  RecordingList,
  RecordingParams,
  RecordingStart,
} from '@diemcau/protocol';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../conferences/conference-service.js';
import { AppError } from '../errors.js';
import { parseRange } from '../recordings/byte-range.js';
import type { ApiServices, LiveServices } from './api-services.js';
import { HOST_OR_ADMIN } from './authentication.js';

const caller = (request: FastifyRequest): Caller => ({ actor: request.principal, ip: request.ip });

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  ts: 'video/mp2t',
};

/** Sends a file whole or the one byte range asked for, so players can seek and downloads resume. */
async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  absolutePath: string,
  fileName: string,
) {
  let size: number;
  try {
    const stat = await fs.promises.stat(absolutePath);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new AppError('NOT_FOUND', 404, `${fileName} is missing from disk`);
  }
  const extension = fileName.split('.').pop() ?? '';
  reply
    .type(CONTENT_TYPES[extension] ?? 'application/octet-stream')
    .header('accept-ranges', 'bytes')
    .header('content-disposition', `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`);
  const range = parseRange(request.headers.range, size);
  if (range === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${size}`).send();
  }
  if (range === undefined) {
    return reply.header('content-length', size).send(fs.createReadStream(absolutePath));
  }
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
    .header('content-length', range.end - range.start + 1)
    .send(fs.createReadStream(absolutePath, range));
}

/** A conference's recordings for hosts and admins: list, inspect, download, delete (docs/recordings.md). */
export const recordingRoutes: FastifyPluginAsyncTypebox<ApiServices & LiveServices> = async (
  app,
  { recordings, recordingControl },
) => {
  const tags = ['recordings'];
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

  app.post(
    '/conferences/:id/recordings',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Start recording a live conference: each hall’s own tracks (one recording at a time)',
        params: ConferenceParams,
        body: RecordingStart,
        response: { 201: Recording, ...errors },
      },
    },
    async (request, reply) => {
      const { layout = 'speaker' } = request.body;
      const recording = await recordingControl.start(request.params.id, caller(request), layout);
      return reply.code(201).send(recording);
    },
  );

  app.post(
    '/recordings/:id/stop',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Stop a recording; its files are finished in the background (finalising → ready)',
        params: RecordingParams,
        response: { 200: Recording, ...errors },
      },
    },
    async (request) => recordingControl.stop(request.params.id, caller(request)),
  );

  app.get(
    '/conferences/:id/recordings',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'A conference’s recordings, newest first, with their files',
        params: ConferenceParams,
        response: { 200: RecordingList, ...errors },
      },
    },
    async (request) => ({ items: await recordings.list(request.params.id) }),
  );

  app.get(
    '/recordings/:id',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'A recording with its files',
        params: RecordingParams,
        response: { 200: Recording, ...errors },
      },
    },
    async (request) => recordings.get(request.params.id),
  );

  app.delete(
    '/recordings/:id',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Delete a finished (ready or failed) recording and its files',
        params: RecordingParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await recordings.delete(request.params.id, caller(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/recordings/:id/files/:fileId/download',
    {
      config: { roles: HOST_OR_ADMIN },
      schema: {
        tags,
        summary: 'Download a recording’s file (supports a single Range)',
        params: RecordingFileParams,
        response: errors,
      },
    },
    async (request, reply) => {
      const { id, fileId } = request.params;
      const file = await recordings.fileToDownload(id, fileId);
      return sendFile(request, reply, file.absolutePath, file.fileName);
    },
  );
};
