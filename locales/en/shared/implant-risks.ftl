# Risks and side effects of an implanted stimulator (shared block).
implant-risks-title = Risks and side effects
implant-risks-intro = Even if the operation goes well, you may have side effects. There are also risks:
implant-risks-wound-pain = **Pain in the wound.** You will get painkillers to take home for this.
implant-risks-bleeding = **Bleeding after the operation.** Usually this is a bruise. It is not harmful and goes away by itself.
implant-risks-infection = **Infection.** Something is placed in your body that does not belong there. This makes the risk of infection higher.
    Before, during and after the operation we do everything we can to prevent this.
implant-risks-nerve = **Nerve damage.** A nerve can get damaged during the operation.
