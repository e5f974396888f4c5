#!/usr/bin/env bash
# Generates the demo's test media into demo/media/ (DESIGN.md "The demo server", environment.md §9).
#
#   content/   60 s VOD, HLS MPEG-TS, 640x360 + 320x180, "CONTENT" + content time burned in, 440 Hz
#   vod/       the same segments with cue markers for a pre-, mid- (30 s) and post-roll
#              (`#EXT-X-CUE-OUT:0` + `#EXT-X-CUE-IN`: MediaTailor's VOD insertion form, protocols.md §7)
#   ads/ad6 ad10 ad15   6 s, 10 s, 15 s creatives in the same two renditions, plus a progressive 360p MP4
#   ads/slate  4 s grey slate, same two renditions
#   content/subs, content-fmp4/subs, vod/subs   WebVTT subtitles, one "content mm:ss" cue per 2 s segment
#              (scripts/make-subtitles.ts); vod/master.m3u8 names them as its SUBTITLES group
#   ads/<id>/fmp4/  every ad and the slate also demuxed in fMP4 like content-fmp4/ (video-only 360p + 180p, one
#              AAC audio rendition, multivariant playlist with an audio group), for demuxed content (issue 5)
#   content-fmp4/  the same 60 s content demuxed in fMP4, for the live simulator's demuxed variant (issue 5):
#              video-only 360p + 180p and one AAC audio rendition, each an init.mp4 + 2 s .m4s segments, and a
#              multivariant playlist with an audio group. Low bit rates on purpose: the whole media set must stay
#              under 10 MiB (test/unit/demo/media.test.ts), and the picture is the same test card either way.
#
# Every segment is 2 s (the 15 s ad ends with a 1 s one) and starts with an IDR, because hls.js drops
# frames until a keyframe after a discontinuity (players.md §3.2, forceKeyFrameOnDiscontinuity).
# Deterministic: bitexact flags, fixed metadata, single-threaded x264, fixed font file, no dates in names.
# Re-running produces byte-identical files.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/demo/media"
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
FFMPEG="${FFMPEG:-ffmpeg}"
FFPROBE="${FFPROBE:-ffprobe}"

command -v "$FFMPEG" >/dev/null || { echo "make-media: ffmpeg not found (apt-get install ffmpeg)" >&2; exit 1; }
[ -f "$FONT" ] || { echo "make-media: $FONT missing (apt-get install fonts-dejavu-core)" >&2; exit 1; }

FPS=24
SEG=2
# name:width:height:video kbps cap
RENDITIONS=("360p:640:360:500" "180p:320:180:150")

# Shared encoder settings. Baseline 3.0 gives avc1.42C01E, known to play in Chromium 156 (environment.md §5).
# -g/-keyint_min/-sc_threshold plus -force_key_frames put an IDR exactly at every 2 s boundary.
# -threads 1: x264's output depends on its thread count; one thread makes it the same on every machine.
X264=(-c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p -preset veryfast -threads 1
      -r "$FPS" -g $((FPS * SEG)) -keyint_min $((FPS * SEG)) -sc_threshold 0
      -force_key_frames "expr:gte(t,n_forced*$SEG)")
AAC=(-c:a aac -b:a 64k -ar 44100 -ac 2 -af aresample=async=1:first_pts=0)
EXACT=(-fflags +bitexact -flags:v +bitexact -flags:a +bitexact -map_metadata -1
       -metadata title=stitchbox-demo -metadata service_provider=stitchbox -metadata service_name=stitchbox-demo)

log() { printf '%s\n' "$*" >&2; }

# encode_hls <outdir> <duration> <video filter source> <tone Hz> <kbps cap> <rate mode>
# rate mode "abr" targets the cap (busy content); "crf" lets flat pictures (ads, slate) stay small.
encode_hls() {
  local dir="$1" dur="$2" vsrc="$3" tone="$4" kbps="$5" mode="$6" rate
  if [ "$mode" = abr ]; then
    rate=(-b:v "${kbps}k" -maxrate "$((kbps * 11 / 10))k" -bufsize "$((kbps * 2))k")
  else
    rate=(-crf 23 -maxrate "${kbps}k" -bufsize "$((kbps * 2))k")
  fi
  mkdir -p "$dir" # the HLS muxer does not create folders (environment.md §9)
  "$FFMPEG" -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "$vsrc" \
    -f lavfi -i "sine=frequency=$tone:sample_rate=44100:duration=$dur" \
    "${X264[@]}" "${rate[@]}" "${AAC[@]}" -t "$dur" -shortest "${EXACT[@]}" \
    -f hls -hls_time "$SEG" -hls_playlist_type vod -hls_list_size 0 \
    -hls_segment_filename "$dir/seg_%03d.ts" "$dir/index.m3u8"
}

# encode_mp4 <file> <duration> <video filter source> <tone Hz> <kbps cap>: progressive MediaFile for VAST.
encode_mp4() {
  local file="$1" dur="$2" vsrc="$3" tone="$4" kbps="$5"
  "$FFMPEG" -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "$vsrc" \
    -f lavfi -i "sine=frequency=$tone:sample_rate=44100:duration=$dur" \
    "${X264[@]}" -crf 23 -maxrate "${kbps}k" -bufsize "$((kbps * 2))k" "${AAC[@]}" -t "$dur" -shortest "${EXACT[@]}" \
    -movflags +faststart "$file"
}

# Picture sources. Font sizes follow the frame height so both renditions look alike.
content_src() { # <w> <h> <duration>
  local w="$1" h="$2" d="$3"
  printf '%s' "testsrc2=size=${w}x${h}:rate=$FPS:duration=$d,drawbox=x=0:y=0:w=iw:h=ih:color=0x0030C0@0.55:t=fill,"
  printf '%s' "drawtext=fontfile=$FONT:text=CONTENT:fontsize=h/5:fontcolor=white:borderw=3:bordercolor=black:x=(w-tw)/2:y=h/5,"
  printf '%s' "drawtext=fontfile=$FONT:text='%{pts\\:hms}':fontsize=h/9:fontcolor=yellow:borderw=2:bordercolor=black:x=(w-tw)/2:y=h*3/5"
}
card_src() { # <w> <h> <duration> <colour> <label>
  local w="$1" h="$2" d="$3" c="$4" label="$5"
  printf '%s' "color=c=$c:size=${w}x${h}:rate=$FPS:duration=$d,"
  printf '%s' "drawtext=fontfile=$FONT:text='$label':fontsize=h/6:fontcolor=white:borderw=3:bordercolor=black:x=(w-tw)/2:y=h/4,"
  printf '%s' "drawtext=fontfile=$FONT:text='%{pts\\:hms}':fontsize=h/9:fontcolor=white:borderw=2:bordercolor=black:x=(w-tw)/2:y=h*3/5"
}

# codecs_of <segment.ts>: the RFC 6381 CODECS value read from the stream itself: avc1.PPCCLL from the
# SPS bytes profile_idc, constraint flags, level_idc (ISO/IEC 14496-15 §5.4.1), mp4a.40.2 for AAC-LC.
codecs_of() {
  local ts="$1" hex sps aprofile
  hex=$("$FFMPEG" -nostdin -loglevel error -i "$ts" -map 0:v:0 -c copy -frames:v 1 -f h264 - | od -An -tx1 -v | tr -d ' \n')
  sps=${hex#*00000167}
  [ "$sps" != "$hex" ] || { log "make-media: no SPS in $ts"; exit 1; }
  aprofile=$("$FFPROBE" -v error -select_streams a:0 -show_entries stream=profile -of csv=p=0 "$ts" | awk 'NR == 1')
  [ "$aprofile" = LC ] || { log "make-media: audio in $ts is $aprofile, expected AAC LC"; exit 1; }
  printf 'avc1.%s,mp4a.40.2' "$(printf '%s' "${sps:0:6}" | tr 'a-f' 'A-F')"
}

# rates_of <rendition dir>: "peak average" bits per second of the segments its index.m3u8 lists.
# BANDWIDTH = peak segment bitrate, AVERAGE-BANDWIDTH = whole-stream bitrate (RFC 8216 §4.3.4.2).
rates_of() {
  awk -v dir="$1" '
    /^#EXTINF:/ { sub(/^#EXTINF:/, ""); d = $0 + 0; next }
    /^[^#]/ && NF {
      cmd = "stat -c %s \"" dir "/" $0 "\""; cmd | getline sz; close(cmd)
      bits = sz * 8; rate = bits / d; if (rate > peak) peak = rate; total += bits; dur += d
    }
    END { printf "%d %d\n", peak + 0.5, total / dur + 0.5 }' "$1/index.m3u8"
}

# variant_line <rendition dir> <width> <height>: EXT-X-STREAM-INF from the real segments.
variant_line() {
  local dir="$1" w="$2" h="$3"
  local peak avg codecs
  codecs=$(codecs_of "$dir/seg_000.ts") # assigned alone so that set -e sees a failure
  read -r peak avg < <(rates_of "$dir")
  printf '#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS="%s",FRAME-RATE=%d.000\n' \
    "$peak" "$avg" "$w" "$h" "$codecs" "$FPS"
}

# write_master <dir>: multivariant playlist over <dir>/{360p,180p}/index.m3u8, highest first.
write_master() {
  local dir="$1" r name w h
  {
    printf '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n'
    for r in "${RENDITIONS[@]}"; do
      IFS=: read -r name w h _ <<<"$r"
      variant_line "$dir/$name" "$w" "$h"
      printf '%s/index.m3u8\n' "$name"
    done
  } >"$dir/master.m3u8"
}

# encode_fmp4 <outdir> <ffmpeg input and codec arguments...>: one fMP4 HLS rendition, init.mp4 + seg_NNN.m4s
# (RFC 8216 §3.3 fragmented MPEG-4, EXT-X-MAP). Video and audio are encoded apart: this is the demuxed form.
encode_fmp4() {
  local dir="$1"
  shift
  mkdir -p "$dir"
  "$FFMPEG" -nostdin -hide_banner -loglevel error -y "$@" "${EXACT[@]}" \
    -f hls -hls_time "$SEG" -hls_playlist_type vod -hls_list_size 0 \
    -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 \
    -hls_segment_filename "$dir/seg_%03d.m4s" "$dir/index.m3u8"
}

# avc_codec_of <init.mp4>: avc1.PPCCLL from the avcC box of the init segment: the bytes after
# configurationVersion are AVCProfileIndication, profile_compatibility, AVCLevelIndication (ISO/IEC 14496-15 §5.3.3.1).
avc_codec_of() {
  local hex rest
  hex=$(od -An -tx1 -v "$1" | tr -d ' \n')
  rest=${hex#*61766343} # "avcC"
  [ "$rest" != "$hex" ] || { log "make-media: no avcC box in $1"; exit 1; }
  printf 'avc1.%s' "$(printf '%s' "${rest:2:6}" | tr 'a-f' 'A-F')"
}

# write_fmp4_master <dir>: multivariant playlist over <dir>/{360p,180p}/index.m3u8 with <dir>/audio as the
# audio group. BANDWIDTH of a variant = video peak + audio peak (RFC 8216 §4.3.4.2: the largest sum of peak
# segment bit rates of any playable combination of renditions).
write_fmp4_master() {
  local dir="$1" r name w h vcodec vpeak vavg apeak aavg aprofile
  # ffprobe names the profile only with a media segment after the init segment.
  aprofile=$(cat "$dir/audio/init.mp4" "$dir/audio/seg_000.m4s" | "$FFPROBE" -v error -select_streams a:0 -show_entries stream=profile -of csv=p=0 - | awk 'NR == 1')
  [ "$aprofile" = LC ] || { log "make-media: audio in $dir/audio is $aprofile, expected AAC LC"; exit 1; }
  read -r apeak aavg < <(rates_of "$dir/audio")
  {
    printf '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n'
    printf '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="main",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"\n'
    for r in "${RENDITIONS[@]}"; do
      IFS=: read -r name w h _ <<<"$r"
      vcodec=$(avc_codec_of "$dir/$name/init.mp4")
      read -r vpeak vavg < <(rates_of "$dir/$name")
      printf '#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS="%s,mp4a.40.2",FRAME-RATE=%d.000,AUDIO="audio"\n' \
        "$((vpeak + apeak))" "$((vavg + aavg))" "$w" "$h" "$vcodec" "$FPS"
      printf '%s/index.m3u8\n' "$name"
    done
  } >"$dir/master.m3u8"
}

# total_extinf <playlist>: sum of EXTINF, to check each stream is as long as intended.
total_extinf() { awk '/^#EXTINF:/ { sub(/^#EXTINF:/, ""); s += $0 } END { printf "%.3f", s }' "$1"; }

check_segment_count() { # <playlist> <expected count>
  local got
  got=$(grep -c '^#EXTINF:' "$1")
  [ "$got" = "$2" ] || { log "make-media: $1 has $got segments, expected $2"; exit 1; }
}

check_length() { # <playlist> <expected seconds>
  local got
  got=$(total_extinf "$1")
  awk -v g="$got" -v e="$2" 'BEGIN { exit !(g - e < 0.05 && e - g < 0.05) }' ||
    { log "make-media: $1 lasts $got s, expected $2 s"; exit 1; }
}

# check_av <segment.ts>: audio and video start together (players.md §3.4, hls.js #6169: align A/V at ad edges).
check_av() {
  local v a
  v=$("$FFPROBE" -v error -select_streams v:0 -show_entries stream=start_time -of csv=p=0 "$1" | awk 'NR == 1')
  a=$("$FFPROBE" -v error -select_streams a:0 -show_entries stream=start_time -of csv=p=0 "$1" | awk 'NR == 1')
  awk -v v="$v" -v a="$a" 'BEGIN { d = v - a; exit !(d < 0.05 && d > -0.05) }' ||
    { log "make-media: $1 video starts at $v, audio at $a"; exit 1; }
}

# make_cued_vod <content dir> <vod dir> <rendition> <mid-roll second>: the content media playlist with
# insertion cues before the first segment, before the segment starting at <mid>, and after the last one.
# Segment URIs point back at the content files (relative, so any static server resolves them).
make_cued_vod() {
  local content="$1" vod="$2" name="$3" mid="$4"
  mkdir -p "$vod/$name"
  awk -v name="$name" -v mid="$mid" '
    function cue() { print "#EXT-X-CUE-OUT:0"; print "#EXT-X-CUE-IN" }
    /^#EXT-X-ENDLIST/ { cue(); print; next }
    /^#EXTINF:/ {
      if (!started) { cue(); started = 1 }
      if (t > mid - 0.001 && t < mid + 0.001) { cue(); midDone = 1 }
      d = $0; sub(/^#EXTINF:/, "", d); t += d + 0; print; next
    }
    /^[^#]/ && NF { print "../../content/" name "/" $0; next }
    { print }
    END { if (!midDone) { print "no segment starts at " mid > "/dev/stderr"; exit 1 } }
  ' "$content/$name/index.m3u8" >"$vod/$name/index.m3u8"
}

# make_fmp4_ad <outdir> <seconds> <colour> <label>: the creative demuxed like content-fmp4/ (issue 5: a
# demuxed session's audio playlist needs audio-only ad segments, its video playlists video-only ones; muxed TS
# ad segments in an fMP4 audio playlist make hls.js fail with fragParsingError). Same codecs, timescales and
# 2 s IDR grid as content-fmp4/; flat cards, so CRF under a low cap keeps the whole media set under 10 MiB.
# The AAC packet count is capped as for content-fmp4/ so the audio ends in the same segment as the video: both
# playlists list the same number of segments, which the live stitcher needs (liveWindow.ts pickRendition).
make_fmp4_ad() {
  local dir="$1" secs="$2" colour="$3" label="$4" r name w h kbps
  for r in "${RENDITIONS[@]}"; do
    IFS=: read -r name w h _ <<<"$r"
    kbps=${FMP4_AD_KBPS[$name]}
    encode_fmp4 "$dir/$name" -f lavfi -i "$(card_src "$w" "$h" "$secs" "$colour" "$label")" \
      "${X264[@]}" -crf 30 -maxrate "${kbps}k" -bufsize "$((kbps * 2))k" -an -t "$secs"
    check_length "$dir/$name/index.m3u8" "$secs"
    check_segment_count "$dir/$name/index.m3u8" $(((secs + SEG - 1) / SEG))
  done
  encode_fmp4 "$dir/audio" -f lavfi -i "sine=frequency=880:sample_rate=44100:duration=$secs" \
    -c:a aac -b:a 16k -ar 44100 -ac 2 -af aresample=async=1:first_pts=0 -vn -frames:a $(((secs * 44100 + 1023) / 1024))
  check_length "$dir/audio/index.m3u8" "$secs"
  check_segment_count "$dir/audio/index.m3u8" $(((secs + SEG - 1) / SEG))
  write_fmp4_master "$dir"
}

rm -rf "$OUT/content" "$OUT/vod" "$OUT/ads" "$OUT/content-fmp4"
mkdir -p "$OUT"

CONTENT_SECONDS=60
log "content: ${CONTENT_SECONDS} s"
for r in "${RENDITIONS[@]}"; do
  IFS=: read -r name w h kbps <<<"$r"
  encode_hls "$OUT/content/$name" "$CONTENT_SECONDS" "$(content_src "$w" "$h" "$CONTENT_SECONDS")" 440 "$kbps" abr
  check_length "$OUT/content/$name/index.m3u8" "$CONTENT_SECONDS"
  check_av "$OUT/content/$name/seg_000.ts"
done
write_master "$OUT/content"

log "vod: cue-marked content"
for r in "${RENDITIONS[@]}"; do
  IFS=: read -r name _ <<<"$r"
  make_cued_vod "$OUT/content" "$OUT/vod" "$name" 30
done
cp "$OUT/content/master.m3u8" "$OUT/vod/master.m3u8"

# Demuxed fMP4 content for the live simulator: same picture, same 440 Hz tone, same 2 s IDR grid as content/.
# kbps per rendition, far below the TS ladder so the set stays small (see the header).
declare -A FMP4_KBPS=([360p]=56 [180p]=28)
# The demuxed ad creatives (make_fmp4_ad) are flat cards: half these caps, 16 kbit/s audio, to fit the 10 MiB set.
declare -A FMP4_AD_KBPS=([360p]=24 [180p]=12)
log "content-fmp4: ${CONTENT_SECONDS} s demuxed"
for r in "${RENDITIONS[@]}"; do
  IFS=: read -r name w h _ <<<"$r"
  kbps=${FMP4_KBPS[$name]}
  encode_fmp4 "$OUT/content-fmp4/$name" -f lavfi -i "$(content_src "$w" "$h" "$CONTENT_SECONDS")" \
    "${X264[@]}" -b:v "${kbps}k" -maxrate "$((kbps * 11 / 10))k" -bufsize "$((kbps * 2))k" -an -t "$CONTENT_SECONDS"
  check_length "$OUT/content-fmp4/$name/index.m3u8" "$CONTENT_SECONDS"
  check_segment_count "$OUT/content-fmp4/$name/index.m3u8" $((CONTENT_SECONDS / SEG))
done
# AAC frames are 1024 samples, so 2 s audio segments cannot all be exactly 2 s: ffmpeg cuts at the first frame at
# or after each 2 s mark (segments of 86 or 87 frames, within one frame of the video grid). The packet count is
# capped at ceil(60 s / 1024 samples): the encoder's priming frame comes first, so one packet more would start at
# 60.0 s and become a 31st segment, and the live simulator maps sequence n to segment n mod 30 in every rendition.
encode_fmp4 "$OUT/content-fmp4/audio" -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=$CONTENT_SECONDS" \
  -c:a aac -b:a 24k -ar 44100 -ac 2 -af aresample=async=1:first_pts=0 -vn -frames:a $(((CONTENT_SECONDS * 44100 + 1023) / 1024))
check_length "$OUT/content-fmp4/audio/index.m3u8" "$CONTENT_SECONDS"
check_segment_count "$OUT/content-fmp4/audio/index.m3u8" $((CONTENT_SECONDS / SEG))
write_fmp4_master "$OUT/content-fmp4"

# id:seconds:colour:label. The label's middle dot is UTF-8; DejaVu has the glyph.
ADS=("ad6:6:0xC01818:AD 1 · 6s" "ad10:10:0x189018:AD 2 · 10s" "ad15:15:0xE07810:AD 3 · 15s" "slate:4:0x707070:SLATE")
for a in "${ADS[@]}"; do
  IFS=: read -r id secs colour label <<<"$a"
  log "ads/$id: ${secs} s"
  for r in "${RENDITIONS[@]}"; do
    IFS=: read -r name w h kbps <<<"$r"
    encode_hls "$OUT/ads/$id/$name" "$secs" "$(card_src "$w" "$h" "$secs" "$colour" "$label")" 880 "$kbps" crf
    check_length "$OUT/ads/$id/$name/index.m3u8" "$secs"
    check_av "$OUT/ads/$id/$name/seg_000.ts"
  done
  write_master "$OUT/ads/$id"
  if [ "$id" != slate ]; then
    encode_mp4 "$OUT/ads/$id/$id.mp4" "$secs" "$(card_src 640 360 "$secs" "$colour" "$label")" 880 500
  fi
  make_fmp4_ad "$OUT/ads/$id/fmp4" "$secs" "$colour" "$label"
done

# WebVTT subtitles (content/subs, content-fmp4/subs, vod/subs, the subtitle group in vod/master.m3u8): text
# written by scripts/make-subtitles.ts from the segments' first timestamps, no ffmpeg needed.
log "subtitles"
( cd "$ROOT" && npx --no-install tsx scripts/make-subtitles.ts )

# Summary: files and bytes per folder, then the total (brief: keep the whole set small, < 10 MB).
( cd "$OUT" && for d in content/* content-fmp4/* vod ads/*; do
    [ -d "$d" ] || continue
    printf '%-16s %4d files %10d bytes\n' "$d" "$(find "$d" -type f | wc -l)" "$(find "$d" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')"
  done
  printf '%-16s %4d files %10d bytes\n' total "$(find content content-fmp4 vod ads -type f | wc -l)" "$(find content content-fmp4 vod ads -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')" )
