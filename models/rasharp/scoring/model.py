"""The joint grading network: a small CNN with an erosion head and a JSN head.

Input: N x V x 96 x 96 finger-axis aligned crops, V views of each joint moved as far as the
localizer errs (``crops.VIEW_OFFSETS``), brightness 0..1; each crop is standardised inside the
network, and the views' logits are averaged. The first convolution keeps full resolution,
because narrowing grades differ by two or three pixels of the joint space. Each head is a 1x1
convolution giving one class-activation map per grade; the grade logits are the maps' means, so
the maps are exactly the evidence the grades rest on (class activation mapping). Erosion maps
lie on a 12 x 12 grid. The JSN head sits two convolutions further, on a 6 x 6 grid whose cells
each see the whole joint space: focal narrowing (grade 1) differs from generalised narrowing (grade 2) only in how
one half of the joint compares with the other. The exported graph turns them into one heatmap
per head: the evidence for damage (grades above 0 against grade 0), weighted by the
probabilities and scaled by the chance of any damage.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ..scheme import GRADE_RANGES

# one class per grade, grade = class index (the scheme's grades start at 0)
EROSION_CLASSES = GRADE_RANGES["erosion"].classes
JSN_CLASSES = GRADE_RANGES["jsn"].classes


def _conv(cin: int, cout: int, kernel: int = 3, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, stride, kernel // 2, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class JointGrader(nn.Module):
    def __init__(self, width: int = 1):
        super().__init__()
        c = [8 * width, 24 * width, 48 * width, 96 * width, 128 * width]
        self.features = nn.Sequential(
            _conv(1, c[0]),  # 96
            _conv(c[0], c[1], stride=2),  # 48
            _conv(c[1], c[1]),
            nn.MaxPool2d(2),  # 24
            _conv(c[1], c[2]),
            _conv(c[2], c[2]),
            nn.MaxPool2d(2),  # 12
            _conv(c[2], c[3]),
            _conv(c[3], c[4]),
        )
        self.jsn_features = nn.Sequential(_conv(c[4], c[4], stride=2), _conv(c[4], c[4]))  # 6
        self.dropout = nn.Dropout2d(0.1)
        self.erosion_head = nn.Conv2d(c[4], EROSION_CLASSES, 1)
        self.jsn_head = nn.Conv2d(c[4], JSN_CLASSES, 1)
        self.register_buffer("temperature", torch.ones(2))  # erosion, JSN; set by calibration

    @staticmethod
    def standardise(x: torch.Tensor) -> torch.Tensor:
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        std = ((x - mean) ** 2).mean(dim=(1, 2, 3), keepdim=True).sqrt()
        return (x - mean) / (std + 0.02)

    def class_maps(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        f = self.features(self.standardise(x))
        return (
            self.erosion_head(self.dropout(f)),
            self.jsn_head(self.dropout(self.jsn_features(f))),
        )

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Grade logits (erosion N x EROSION_CLASSES, JSN N x JSN_CLASSES), before temperature."""
        erosion_maps, jsn_maps = self.class_maps(x)
        return erosion_maps.mean(dim=(2, 3)), jsn_maps.mean(dim=(2, 3))

    def mirror_averaged_maps(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Class maps averaged over the crop and its mirror image (mirrored back), as graded.

        A joint looks the same mirrored across the finger, and training mirrors crops at random;
        averaging both views evens out what either view alone gets wrong.
        """
        n = x.shape[0]
        erosion_maps, jsn_maps = self.class_maps(torch.cat([x, x.flip(3)]))
        return (
            (erosion_maps[:n] + erosion_maps[n:].flip(3)) / 2,
            (jsn_maps[:n] + jsn_maps[n:].flip(3)) / 2,
        )

    def graded(self, crops: torch.Tensor):
        """Grade N joints from N x V x S x S views (V >= 1) as the exported model does.

        Returns the first view's class maps (its two mirror images averaged) and the logits
        averaged over all views, before temperature.
        """
        n = crops.shape[0]
        erosion_maps, jsn_maps = self.mirror_averaged_maps(crops.flatten(0, 1).unsqueeze(1))
        erosion_maps, jsn_maps = erosion_maps.unflatten(0, (n, -1)), jsn_maps.unflatten(0, (n, -1))
        return (
            erosion_maps[:, 0],
            jsn_maps[:, 0],
            erosion_maps.mean(dim=(1, 3, 4)),
            jsn_maps.mean(dim=(1, 3, 4)),
        )

    def graded_logits(self, crops: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Logits as the exported model grades (all views, both mirror images), before temperature."""
        return self.graded(crops)[2:]


def damage_heatmap(maps: torch.Tensor, probabilities: torch.Tensor, size: int) -> torch.Tensor:
    """N x size x size in 0..1: where the evidence for a grade above 0 lies."""
    evidence = maps[:, 1:] - maps[:, :1]
    heat = F.relu((evidence * probabilities[:, 1:, None, None]).sum(dim=1, keepdim=True))
    peak = heat.amax(dim=(2, 3), keepdim=True)
    heat = heat / (peak + 1e-6) * (1.0 - probabilities[:, :1, None, None])
    heat = F.interpolate(heat, size=(size, size), mode="bilinear", align_corners=False)
    return heat[:, 0].clamp(0.0, 1.0)


class ExportedGrader(nn.Module):
    """What goes into the ONNX file: from N x V x S x S crops (V views of each joint, see
    ``crops.VIEW_OFFSETS``), probabilities averaged over the views and both mirror images, and
    both heads' heatmaps on the first view."""

    def __init__(self, grader: JointGrader, size: int):
        super().__init__()
        self.grader = grader
        self.size = size

    def forward(self, crops: torch.Tensor):
        erosion_maps, jsn_maps, erosion_logits, jsn_logits = self.grader.graded(crops)
        t = self.grader.temperature
        erosion_p = torch.softmax(erosion_logits / t[0], dim=1)
        jsn_p = torch.softmax(jsn_logits / t[1], dim=1)
        return (
            erosion_p,
            jsn_p,
            damage_heatmap(erosion_maps, erosion_p, self.size),
            damage_heatmap(jsn_maps, jsn_p, self.size),
        )


def crop_tensor(crops: np.ndarray) -> torch.Tensor:
    """The network's input from uint8 crops: N x 1 x S x S from single crops (N x S x S),
    N x V x S x S from views of each joint."""
    x = torch.from_numpy(crops).float().div_(255.0)
    return x.unsqueeze(1) if x.ndim == 3 else x
