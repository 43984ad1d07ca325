"""Upstream AIR-Distiller's retrieval networks (SCY-X/D3still, AIR_Distiller/models), rebuilt
from torchvision so the fixtures and the interchange check need nothing but torch and
torchvision: the state-dict keys and shapes are upstream's (spec/models.md §2, §4, §6)."""
import torch
import torch.nn as nn
import torchvision


class ClassBlock(nn.Module):
    """models/utils/class_block.py: BN1d -> ReLU -> Linear(no bias) -> BN1d, then the classifier."""

    def __init__(self, input_dim, class_num, num_bottleneck=512):
        super().__init__()
        self.add_block = nn.Sequential(nn.BatchNorm1d(input_dim), nn.ReLU(inplace=True),
                                       nn.Linear(input_dim, num_bottleneck, bias=False),
                                       nn.BatchNorm1d(num_bottleneck))
        self.classifier = nn.Linear(num_bottleneck, class_num, bias=False)

    def forward(self, x):
        x = self.add_block(x)
        return self.classifier(x), x


def resnet18_backbone(last_stride=1):
    """torchvision's resnet18 with upstream's two changes (models/resnet.py): a 2x2 stride-2
    stem max-pool and layer4's stride set to `last_stride`."""
    net = torchvision.models.resnet18(weights=None)
    net.maxpool = nn.MaxPool2d(kernel_size=2, stride=2, padding=0)
    net.layer4[0].conv1.stride = (last_stride, last_stride)
    net.layer4[0].downsample[0].stride = (last_stride, last_stride)
    return net


def pooled_feat(backbone, x):
    """The backbone's `pooled_feat`: everything up to the global average pool, flattened."""
    x = backbone.maxpool(backbone.relu(backbone.bn1(backbone.conv1(x))))
    x = backbone.layer4(backbone.layer3(backbone.layer2(backbone.layer1(x))))
    return torch.flatten(backbone.avgpool(x), 1)


class ResNet18(nn.Module):
    """Upstream's ResNet18 retrieval network: torchvision names for the backbone, `fc` the head."""

    def __init__(self, num_classes, last_stride=1):
        super().__init__()
        backbone = resnet18_backbone(last_stride)
        for name in ["conv1", "bn1", "relu", "maxpool", "layer1", "layer2", "layer3", "layer4", "avgpool"]:
            setattr(self, name, getattr(backbone, name))
        self.fc = ClassBlock(512, num_classes)

    def forward(self, x):
        feat = pooled_feat(self, x)
        logits, retrieval = self.fc(feat)
        return logits, {"pooled_feat": feat, "retrieval_feat": retrieval}


class MobileNetV3Small(nn.Module):
    """models/mobilenetv3.py: torchvision's features as `model`, module 9's depthwise stride set
    to `last_stride`, then the head."""

    def __init__(self, num_classes, last_stride=1):
        super().__init__()
        base = torchvision.models.mobilenet_v3_small(weights=None)
        self.model = nn.Sequential(*list(base.features.children()))
        self.model[9].block[1][0].stride = (last_stride, last_stride)
        self.avgpool = nn.AdaptiveAvgPool2d(output_size=1)
        self.fc = ClassBlock(576, num_classes)

    def forward(self, x):
        feat = torch.flatten(self.avgpool(self.model(x)), 1)
        logits, retrieval = self.fc(feat)
        return logits, {"pooled_feat": feat, "retrieval_feat": retrieval}


def calibrate_batch_norms(module, images):
    """Sets every batch norm's running statistics to those of `images` (one cumulative pass),
    so that in eval mode features stay of order one whatever the random weights."""
    for m in module.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.reset_running_stats()
            m.momentum = None
    module.train()
    with torch.no_grad():
        module(images)
    module.eval()
