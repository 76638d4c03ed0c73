/**
 * What EC2 Auto Scaling does with a change of a group's sizes (UpdateAutoScalingGroup), written
 * once for the drill's pre-scaling (which refuses what AWS would refuse, before sending it) and
 * for the tests' fake account (which answers as AWS does). docs/drill-aws-facts.md cites each.
 *
 * - The sizes must keep MinSize <= DesiredCapacity <= MaxSize: "This number must be greater than
 *   or equal to the minimum size of the group and less than or equal to the maximum size of the
 *   group" (botocore autoscaling 2011-01-01, UpdateAutoScalingGroupType.DesiredCapacity).
 * - A new MinSize without a DesiredCapacity that is larger than the group's current size sets the
 *   DesiredCapacity to it; a new MaxSize without a DesiredCapacity that is smaller sets it to that
 *   (UpdateAutoScalingGroup's documentation, same model).
 * - Properties left out are not changed.
 *
 * AWS refuses out-of-order sizes with a ValidationError; the wording below is AWS's as public error
 * reports quote it (docs/drill-aws-facts.md): the model documents the rule, not the message.
 */

/** A group's three sizes. */
export interface GroupSizes {
    /** MinSize. */
    readonly minSize: number;
    /** MaxSize. */
    readonly maxSize: number;
    /** DesiredCapacity. */
    readonly desiredCapacity: number;
}

/** An UpdateAutoScalingGroup request's sizes: what it leaves out is not changed. */
export type SizeUpdate = Partial<GroupSizes>;

/** The error code AWS answers an out-of-order size change with. */
export const autoScalingValidationError = "ValidationError";

/**
 * The group's sizes after `update`, with AWS's adjustments of DesiredCapacity, or AWS's words for
 * the refusal.
 * @param current the group's sizes now
 * @param update the request's sizes
 */
export function updatedSizes(current: GroupSizes, update: SizeUpdate): { readonly sizes: GroupSizes } | { readonly refusal: string } {
    const minSize = update.minSize ?? current.minSize;
    const maxSize = update.maxSize ?? current.maxSize;
    if (minSize > maxSize) {
        return { refusal: `Max bound, ${maxSize}, must be greater than or equal to min bound, ${minSize}` };
    }
    let desiredCapacity = update.desiredCapacity ?? current.desiredCapacity;
    if (update.desiredCapacity === undefined) {
        if (update.minSize !== undefined && minSize > desiredCapacity) {
            desiredCapacity = minSize;
        }
        if (update.maxSize !== undefined && maxSize < desiredCapacity) {
            desiredCapacity = maxSize;
        }
    }
    if (desiredCapacity < minSize || desiredCapacity > maxSize) {
        return { refusal: `Desired capacity:${desiredCapacity} must be between the specified min size:${minSize} and max size:${maxSize}` };
    }
    return { sizes: { minSize, maxSize, desiredCapacity } };
}
