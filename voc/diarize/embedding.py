"""Optional: a pretrained speaker-embedding model from a local path replaces the MFCC window statistics.

The model is a TorchScript file taking log-mel filterbanks, shape (windows, frames, 80),
25 ms windows, 10 ms hop, 16 kHz, mean-normalised per window (the input of most x-vector,
ECAPA and ResNet speaker models), and returning one embedding per window (windows, dim).
torch is needed only here (the `hf` extra); the default install never imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import librosa
import numpy as np

from voc.errors import ModelMissingError

N_MELS = 80


class WindowEmbedder(Protocol):
    name: str

    def embed(self, samples: np.ndarray, windows: list[np.ndarray]) -> np.ndarray:
        """One row per window; each window lists the 10 ms frame numbers it covers."""
        ...


def log_fbank(samples: np.ndarray, rate: int = 16000, hop: int = 160) -> np.ndarray:
    """(frames, 80) log-mel filterbank energies."""
    mel = librosa.feature.melspectrogram(
        y=samples, sr=rate, n_fft=512, win_length=400, hop_length=hop, n_mels=N_MELS, fmin=20, fmax=rate // 2
    )
    return np.log(mel + 1e-6).T.astype(np.float32)


class TorchScriptEmbedder:
    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise ModelMissingError(f"speaker-embedding model {path}: no such file")
        try:
            import torch
        except ImportError as error:  # pragma: no cover - depends on the install
            raise ModelMissingError("a speaker-embedding model needs torch: install voc[hf]") from error
        self._torch = torch
        self.model = torch.jit.load(str(path), map_location="cpu").eval()
        self.name = f"torchscript:{path.name}"

    def embed(self, samples: np.ndarray, windows: list[np.ndarray]) -> np.ndarray:
        fbank = log_fbank(samples)
        batch = np.stack([fbank[np.clip(w, 0, len(fbank) - 1)] for w in windows])
        batch -= batch.mean(axis=1, keepdims=True)
        with self._torch.inference_mode():
            out = self.model(self._torch.from_numpy(batch)).cpu().numpy()
        out = out.reshape(len(windows), -1)
        return out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-9)


def load_embedder(path: str | Path | None) -> WindowEmbedder | None:
    return TorchScriptEmbedder(Path(path).expanduser()) if path else None
