/**
 * Tracking JSON `mediaFiles` (protocols.md §4.3, §4.4): MediaTailor lists the MediaFiles the player must run
 * itself, VPAID (and other script) creatives, and leaves `{mediaFilesList: [], mezzanine: ""}` for a plain
 * video ad, which is stitched. `mezzanine` (the VAST 4.1 Mezzanine URI) is given with such a list only.
 */
import type { VastMediaFile } from '../vast/vastModel';
import type { MediaTailorMediaFile } from './mediaTailorTypes';

/** A MediaFile the player executes rather than plays: VPAID by apiFramework, or a script / Flash type. */
export function isInteractiveMediaFile(m: Pick<VastMediaFile, 'apiFramework' | 'type'>): boolean {
  if (m.apiFramework && /vpaid/i.test(m.apiFramework)) return true;
  return /^application\/(javascript|x-javascript|x-shockwave-flash)$/i.test(m.type.trim());
}

export function mediaFilesJson(files: readonly VastMediaFile[], mezzanine = ''): { mediaFilesList: MediaTailorMediaFile[]; mezzanine: string } {
  const list = files.filter(isInteractiveMediaFile).map((m) => ({
    apiFramework: m.apiFramework ?? '',
    bitrate: m.bitrate ?? 0,
    delivery: m.delivery,
    height: m.height ?? 0,
    maintainAspectRatio: m.maintainAspectRatio ?? false,
    mediaFileUri: m.uri,
    mediaType: m.type,
    scalable: m.scalable ?? false,
    width: m.width ?? 0,
  }));
  return { mediaFilesList: list, mezzanine: list.length ? mezzanine : '' };
}
