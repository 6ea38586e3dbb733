"""Who spoke when in one mixed channel: VAD -> frame features -> clustering -> resegmentation.

The method (docs/diarization.md has the reasoning and the limits):
1. Speech frames from Silero VAD (shipped inside faster-whisper), 10 ms hop.
2. Frame features: 19 MFCCs over the telephone band (300-3400 Hz, so wideband and
   narrowband parties are compared on the same band; c0 is dropped so loudness is no cue),
   normalised over the call, plus log F0 from YIN.
3. One-second windows of speech (half-second hop) become vectors of feature means and
   spreads; Ward agglomerative clustering groups them into two (and three) speakers.
4. Resegmentation: one diagonal GMM per speaker is trained on its windows' frames, every
   speech frame is scored, the log-likelihood ratio is smoothed over 0.5 s and decides the
   label. Two rounds. Speaker changes inside a VAD segment come out of this step.
5. How many speakers: the ΔBIC between the speakers' frame distributions (full-covariance
   Gaussians), per frame; below a threshold the call has one speaker. A third cluster with
   enough talk time that is as far from both others is reported as more than two speakers.
6. Overlap: a change of speaker with no pause between, where the smoothed ratio stays
   undecided, is marked as both speaking.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field

import librosa
import numpy as np
import soxr
from faster_whisper.vad import VadOptions, get_speech_timestamps
from scipy.ndimage import uniform_filter1d
from sklearn.cluster import AgglomerativeClustering
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

from voc.diarize.embedding import WindowEmbedder
from voc.errors import InvalidInputError

RATE = 16000
HOP = 160  # 10 ms frames
FRAME_S = HOP / RATE
WINDOW_FRAMES = 100
WINDOW_HOP = 50
SMOOTH_FRAMES = 51
MIN_STRETCH_FRAMES = 35
GMM_COMPONENTS = 8
RESEGMENT_ROUNDS = 2
PITCH_WEIGHT = 2.0
PITCH_RATE = 8000
# GMMs learn a voice from at most this many frames (evenly spaced): enough for 8 diagonal
# components, and it keeps a long call's cost flat.
MAX_TRAINING_FRAMES = 4000
# Per-frame ΔBIC between two clusters below this: one voice split in two (tuned on the
# one-speaker and two-speaker calls of scripts/make_mono_calls.py; see docs/diarization.md).
ONE_SPEAKER_BIC = 0.05
# A "speaker" with less than this share of the speech is one voice's odd stretch.
MIN_SPEAKER_SHARE = 0.05
THIRD_SPEAKER_BIC = 0.6
THIRD_SPEAKER_MIN_SHARE = 0.12
MIN_SPEECH_S = 1.0
OVERLAP_LLR = 2.5
MIN_OVERLAP_S = 0.3
MAX_PAUSE_FOR_OVERLAP_S = 0.05

METHOD = "vad+mfcc-pitch+ward+gmm-resegmentation"

VAD_OPTIONS = VadOptions(
    threshold=0.35,
    neg_threshold=0.2,
    min_speech_duration_ms=100,
    min_silence_duration_ms=150,
    speech_pad_ms=60,
)


@dataclass(frozen=True)
class SpeakerSegment:
    start: float
    end: float
    cluster: int
    confidence: float


@dataclass
class Diarization:
    """Speaker clusters over time. Cluster ids are 0.. in order of first appearance."""

    segments: list[SpeakerSegment]
    n_speakers: int
    labels: np.ndarray  # per 10 ms frame: -1 no speech, else cluster id
    confidence: np.ndarray  # per frame: posterior of the chosen cluster
    overlaps: list[tuple[float, float]] = field(default_factory=list)
    separation_bic: float | None = None
    method: str = METHOD

    def cluster_at(self, start: float, end: float) -> tuple[int, float]:
        """The cluster speaking most in [start, end] and its mean posterior there (-1 if none)."""
        lo, hi = int(start / FRAME_S), max(int(start / FRAME_S) + 1, int(np.ceil(end / FRAME_S)))
        labels = self.labels[lo:hi]
        spoken = labels[labels >= 0]
        if not len(spoken):
            return self._nearest(lo, hi)
        cluster = int(np.bincount(spoken).argmax())
        return cluster, float(self.confidence[lo:hi][labels == cluster].mean())

    def _nearest(self, lo: int, hi: int) -> tuple[int, float]:
        speech = np.flatnonzero(self.labels >= 0)
        if not len(speech):
            return -1, 0.0
        middle = (lo + hi) / 2
        index = int(speech[np.argmin(np.abs(speech - middle))])
        return int(self.labels[index]), float(self.confidence[index]) * 0.5


def diarize(
    samples: np.ndarray,
    sample_rate: int = RATE,
    max_speakers: int = 3,
    embedder: WindowEmbedder | None = None,
) -> Diarization:
    """Who spoke when in `samples` (mono float32). Clusters are anonymous; roles come later.

    With an `embedder` (a pretrained speaker model), its window embeddings replace the MFCC
    window statistics for the initial clustering; resegmentation stays the same.
    """
    samples = _check_input(samples, sample_rate)
    n_frames = 1 + len(samples) // HOP
    speech = speech_frames(samples, n_frames)
    empty = Diarization([], 0, np.full(n_frames, -1), np.zeros(n_frames))
    if speech.sum() * FRAME_S < MIN_SPEECH_S:
        return empty
    features = frame_features(samples, n_frames)
    index = np.flatnonzero(speech)
    windows = _windows(index)
    if len(windows) < 4:
        return _one_speaker(speech, n_frames)

    vectors = (
        embedder.embed(samples, [index[w] for w in windows]) if embedder else _window_vectors(features, index, windows)
    )
    two = _cluster(features, index, windows, vectors, 2)
    bic = _delta_bic(features[index], two[0])
    if bic < ONE_SPEAKER_BIC or _smallest_share(two[0], 2) < MIN_SPEAKER_SHARE:
        result = _one_speaker(speech, n_frames)
        result.separation_bic = bic
        return result
    labels, llr = two
    n_speakers = 2
    if max_speakers > 2 and len(windows) >= 6:
        three = _cluster(features, index, windows, vectors, 3)
        if _third_speaker_is_real(features[index], three[0]):
            labels, llr, n_speakers = three[0], three[1], 3
    confidence = 1.0 / (1.0 + np.exp(-np.abs(llr)))
    frame_labels, frame_confidence = _renumber(labels, confidence, speech, n_frames)
    overlaps = _overlaps(frame_labels, llr, speech) if n_speakers == 2 else []
    return Diarization(
        _segments(frame_labels, frame_confidence),
        n_speakers,
        frame_labels,
        frame_confidence,
        overlaps,
        separation_bic=bic,
        method=f"vad+{embedder.name}+ward+gmm-resegmentation" if embedder else METHOD,
    )


def _check_input(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    array = np.asarray(samples)
    if array.ndim != 1:
        raise InvalidInputError(f"speaker separation takes one channel, got an array of shape {array.shape}")
    if sample_rate != RATE:
        raise InvalidInputError(f"speaker separation expects {RATE} Hz audio (decode_audio's rate), got {sample_rate}")
    if not np.isfinite(array).all():
        raise InvalidInputError("the audio holds NaN or infinite samples")
    return array.astype(np.float32, copy=False)


def speech_frames(samples: np.ndarray, n_frames: int) -> np.ndarray:
    mask = np.zeros(n_frames, dtype=bool)
    for span in get_speech_timestamps(samples, VAD_OPTIONS, sampling_rate=RATE):
        mask[span["start"] // HOP : span["end"] // HOP + 1] = True
    return mask


def frame_features(samples: np.ndarray, n_frames: int) -> np.ndarray:
    """(n_frames, 20): call-normalised MFCC 1..19 and weighted log F0."""
    mfcc = librosa.feature.mfcc(
        y=samples,
        sr=RATE,
        n_mfcc=20,
        n_fft=512,
        win_length=400,
        hop_length=HOP,
        n_mels=40,
        fmin=300,
        fmax=3400,
    )[1:].T
    # Pitch at 8 kHz: telephone speech has nothing above 4 kHz and YIN costs a quarter.
    narrow = soxr.resample(samples, RATE, PITCH_RATE)
    f0 = librosa.yin(narrow, fmin=60, fmax=400, sr=PITCH_RATE, frame_length=512, hop_length=HOP // 2)
    log_f0 = np.log(f0)[:, None]
    features = np.hstack([mfcc[:n_frames], _pad_rows(log_f0, len(mfcc))[:n_frames]])
    features = _pad_rows(features, n_frames)
    features = (features - features.mean(axis=0)) / (features.std(axis=0) + 1e-6)
    features[:, -1] *= PITCH_WEIGHT
    return features


def _pad_rows(array: np.ndarray, rows: int) -> np.ndarray:
    if len(array) >= rows:
        return array[:rows]
    return np.vstack([array, np.repeat(array[-1:], rows - len(array), axis=0)])


def _windows(index: np.ndarray) -> list[np.ndarray]:
    """Runs of WINDOW_FRAMES speech frames (positions in `index`), half overlapping."""
    if len(index) < WINDOW_FRAMES:
        return [np.arange(len(index))] if len(index) else []
    starts = range(0, len(index) - WINDOW_FRAMES + 1, WINDOW_HOP)
    return [np.arange(s, s + WINDOW_FRAMES) for s in starts]


def _window_vectors(features: np.ndarray, index: np.ndarray, windows: list[np.ndarray]) -> np.ndarray:
    rows = []
    for window in windows:
        frames = features[index[window]]
        rows.append(np.concatenate([frames.mean(axis=0), frames.std(axis=0), [np.median(frames[:, -1])]]))
    vectors = np.array(rows)
    return (vectors - vectors.mean(axis=0)) / (vectors.std(axis=0) + 1e-6)


def _cluster(
    features: np.ndarray, index: np.ndarray, windows: list[np.ndarray], vectors: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Labels of the speech frames (aligned with `index`) and the smoothed best-vs-rest LLR."""
    window_labels = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(vectors)
    votes = np.zeros((len(index), k))
    for window, label in zip(windows, window_labels, strict=True):
        votes[window, label] += 1
    labels = np.where(votes.sum(axis=1) > 0, votes.argmax(axis=1), -1)
    llr = np.zeros(len(index))
    speech = features[index]
    for _ in range(RESEGMENT_ROUNDS):
        scores = _gmm_scores(speech, labels, k)
        if scores is None:
            break
        smoothed = _smooth_within_runs(scores, index)
        labels = _absorb_short_stretches(smoothed.argmax(axis=1), index)
        ordered = np.sort(smoothed, axis=1)
        llr = ordered[:, -1] - ordered[:, -2]
    return labels, llr


def _smooth_within_runs(scores: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Moving average over SMOOTH_FRAMES that never reaches across a pause: turns change there."""
    smoothed = np.empty_like(scores)
    breaks = np.flatnonzero(np.diff(index) > 1) + 1
    for run in np.split(np.arange(len(index)), breaks):
        smoothed[run] = uniform_filter1d(scores[run], min(SMOOTH_FRAMES, len(run)), axis=0, mode="nearest")
    return smoothed


def _absorb_short_stretches(labels: np.ndarray, index: np.ndarray) -> np.ndarray:
    """A label held for less than MIN_STRETCH_FRAMES inside a run of speech takes its longer neighbour's.

    Onsets and tails of an utterance (breath, a fading vowel) are where the models err most.
    """
    labels = labels.copy()
    breaks = set((np.flatnonzero(np.diff(index) > 1) + 1).tolist())
    bounds = [0, *sorted({*breaks, *(np.flatnonzero(np.diff(labels) != 0) + 1).tolist()}), len(labels)]
    stretches = list(itertools.pairwise(bounds))
    for i, (lo, hi) in enumerate(stretches):
        if hi - lo >= MIN_STRETCH_FRAMES:
            continue
        neighbours = []
        if i > 0 and lo not in breaks:
            neighbours.append(stretches[i - 1])
        if i + 1 < len(stretches) and hi not in breaks:
            neighbours.append(stretches[i + 1])
        if neighbours:
            a, _b = max(neighbours, key=lambda ab: ab[1] - ab[0])
            labels[lo:hi] = labels[a]
    return labels


def _gmm_scores(speech: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray | None:
    scores = np.zeros((len(speech), k))
    for cluster in range(k):
        frames = speech[labels == cluster]
        if len(frames) < GMM_COMPONENTS * 10:
            return None
        frames = frames[:: max(1, len(frames) // MAX_TRAINING_FRAMES)]
        with warnings.catch_warnings():  # a GMM short of convergence still ranks frames well
            warnings.simplefilter("ignore", ConvergenceWarning)
            gmm = GaussianMixture(
                GMM_COMPONENTS,
                covariance_type="diag",
                max_iter=50,
                random_state=0,
                reg_covar=1e-3,
                init_params="k-means++",
            ).fit(frames)
        scores[:, cluster] = gmm.score_samples(speech)
    return scores


def _delta_bic(speech: np.ndarray, labels: np.ndarray) -> float:
    """Per-frame ΔBIC of clusters 0 and 1 modelled apart against modelled together."""
    return _pair_bic(speech[labels == 0], speech[labels == 1])


def _pair_bic(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 50 or len(b) < 50:
        return 0.0
    both = np.vstack([a, b])
    d = both.shape[1]
    penalty = 0.5 * (d + d * (d + 1) / 2) * np.log(len(both))
    gain = 0.5 * (len(both) * _logdet(both) - len(a) * _logdet(a) - len(b) * _logdet(b))
    return float((gain - penalty) / len(both))


def _logdet(x: np.ndarray) -> float:
    cov = np.cov(x, rowvar=False) + 1e-4 * np.eye(x.shape[1])
    return float(np.linalg.slogdet(cov)[1])


def _smallest_share(labels: np.ndarray, k: int) -> float:
    return float((np.bincount(labels[labels >= 0], minlength=k) / max(1, (labels >= 0).sum())).min())


def _third_speaker_is_real(speech: np.ndarray, labels: np.ndarray) -> bool:
    if _smallest_share(labels, 3) < THIRD_SPEAKER_MIN_SHARE:
        return False
    pairs = [(0, 1), (0, 2), (1, 2)]
    return min(_pair_bic(speech[labels == i], speech[labels == j]) for i, j in pairs) > THIRD_SPEAKER_BIC


def _one_speaker(speech: np.ndarray, n_frames: int) -> Diarization:
    labels = np.where(speech, 0, -1)
    confidence = speech.astype(float)
    return Diarization(_segments(labels, confidence), 1, labels, confidence)


def _renumber(
    labels: np.ndarray, confidence: np.ndarray, speech: np.ndarray, n_frames: int
) -> tuple[np.ndarray, np.ndarray]:
    """Scatter speech-frame labels back onto all frames, clusters numbered by first appearance."""
    order = list(dict.fromkeys(int(label) for label in labels if label >= 0))
    mapping = {old: new for new, old in enumerate(order)}
    frame_labels = np.full(n_frames, -1)
    frame_confidence = np.zeros(n_frames)
    frame_labels[speech] = [mapping.get(int(label), -1) for label in labels]
    frame_confidence[speech] = confidence
    return frame_labels, frame_confidence


def _segments(labels: np.ndarray, confidence: np.ndarray) -> list[SpeakerSegment]:
    segments = []
    change = np.flatnonzero(np.diff(labels) != 0) + 1
    bounds = np.concatenate([[0], change, [len(labels)]])
    for lo, hi in itertools.pairwise(bounds):
        if labels[lo] >= 0:
            segments.append(
                SpeakerSegment(
                    round(float(lo) * FRAME_S, 2),
                    round(float(hi) * FRAME_S, 2),
                    int(labels[lo]),
                    round(float(confidence[lo:hi].mean()), 3),
                )
            )
    return segments


def _overlaps(labels: np.ndarray, llr: np.ndarray, speech: np.ndarray) -> list[tuple[float, float]]:
    """Speaker changes with no pause whose neighbourhood the models cannot tell apart."""
    frame_llr = np.full(len(labels), np.inf)
    frame_llr[speech] = llr
    regions: list[tuple[float, float]] = []
    for position in np.flatnonzero((labels[1:] >= 0) & (labels[:-1] >= 0) & (labels[1:] != labels[:-1])) + 1:
        lo = hi = position
        while lo > 0 and labels[lo - 1] >= 0 and frame_llr[lo - 1] < OVERLAP_LLR:
            lo -= 1
        while hi < len(labels) and labels[hi] >= 0 and frame_llr[hi] < OVERLAP_LLR:
            hi += 1
        if (hi - lo) * FRAME_S >= MIN_OVERLAP_S:
            regions.append((round(float(lo * FRAME_S), 2), round(float(hi * FRAME_S), 2)))
    return regions
