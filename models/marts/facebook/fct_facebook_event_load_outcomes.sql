{{ loading_count_outcomes([
    ref('base_facebook__reactions'),
    ref('base_facebook__comments'),
    ref('base_facebook__shares'),
]) }}
